import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { runCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';
import { isRunning, processesMatching } from '../support/processes.ts';

/**
 * A Spring Boot 3.5 + spring-kafka service (examples/spring-inventory) measured as an external
 * system: the jar built with Maven as docs/spring-boot.md says, then scenarios/spring-boot.yaml,
 * shortened, twice: with `java -jar` on the classic protocol, and with the `mvn spring-boot:run`
 * command of docs/spring-boot.md on the consumer protocol. Everything is read from Kafka and the
 * service's own log; nothing is mocked.
 */
const brokers = inject('kafkaBrokers');
const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-spring-'));
const POM = 'examples/spring-inventory/pom.xml';
const JAR = path.join(repoRoot, 'examples/spring-inventory/target/spring-inventory.jar');
/** In every replica's command line (through the topic), so the test finds any JVM left behind. */
const marker = `spring${process.pid}`;

afterAll(() => rmSync(root, { recursive: true, force: true }));

function mvnPackage(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('mvn', ['-q', '-f', POM, 'package'], { cwd: repoRoot, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new Error('Maven (mvn) is not on PATH: this test builds examples/spring-inventory with it (apt-get install maven)'));
      }
      reject(new Error(`mvn -q -f ${POM} package failed:\n${`${stdout}${stderr}`.slice(-3000)}`));
    });
  });
}

/** The docs' `mvn spring-boot:run` command: the yaml block of docs/spring-boot.md that has it. */
function docsMvnCommand(): string[] {
  const page = readFileSync(path.join(repoRoot, 'docs/spring-boot.md'), 'utf8');
  const block = [...page.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!).find((b) => b.includes('spring-boot:run'));
  expect(block, 'docs/spring-boot.md has a yaml block with the mvn spring-boot:run command').toBeDefined();
  const command = (parse(block!) as { system: { replicas: { command: string[] } } }).system.replicas.command;
  expect(command.slice(0, 5)).toEqual(['mvn', '-q', '-f', POM, 'spring-boot:run']);
  return command;
}

/**
 * The shipped scenario, shorter: the alter at 4 s and, with `kill`, the SIGKILL at 18 s. The run
 * waits for a kill's takeover past the drain (3 s here) up to the session timeout and a margin.
 */
function scenario(name: string, change: (system: Record<string, unknown>) => void, kill = true): string {
  const s = parse(readFileSync(path.join(repoRoot, 'scenarios/spring-boot.yaml'), 'utf8'));
  s.load = { ...s.load, durationS: 24 };
  s.drain = { timeoutS: 3 };
  s.timeline = [{ at: 4, action: 'alterPartitions', partitions: 2 }, ...(kill ? [{ at: 18, action: 'killReplica', replica: 0 }] : [])];
  s.system.topic = `${marker}-${name}-{run}`;
  change(s.system);
  const file = path.join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify(s));
  return file;
}

async function bench(file: string, name: string): Promise<string> {
  const results = path.join(root, name);
  const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results], { timeoutMs: 150_000 });
  expect(run.code, run.stderr + run.stdout).toBe(0);
  return path.join(results, readdirSync(results)[0]!);
}

/** What both runs must show: the lab's story, told by Kafka and by the service's log, and no process left. */
function expectTheStory(dir: string): void {
  const [k] = readCsv(path.join(dir, 'kafka-side.csv'));
  expect(k).toMatchObject({ system: 'external', members_max: '2', orders_missing_from_topic: '0', orders_in_topic_twice: '0' });
  expect(Number(k!.orders_accepted)).toBeGreaterThan(2000);
  expect(k!.orders_in_topic).toBe(k!.orders_accepted);
  // AckMode BATCH commits after every poll with records: the commit interval is the sampling's.
  expect(Number(k!.resolution_ms)).toBeLessThan(1000);
  expect(Number(k!.rebalances)).toBeGreaterThanOrEqual(1);
  expect(Number(k!.idle_members)).toBeGreaterThanOrEqual(1);

  const members = readCsv(path.join(dir, 'kafka-members.csv'));
  // Before the alter: both replicas are members, one owns partition 0, the other idles.
  const before = members.filter((m) => m.phase === '0');
  expect(before.map((m) => m.replica).sort()).toEqual(['replica-0', 'replica-1']);
  expect(before.map((m) => m.partitions).sort()).toEqual(['', '0']);
  const idle = before.find((m) => m.partitions === '')!;
  expect(idle.committed).toBe('0');
  // After it: one partition each, records committed on both.
  const after = members.filter((m) => m.phase === '1');
  expect(after.map((m) => m.partitions).sort()).toEqual(['0', '1']);
  for (const m of after) expect(Number(m.committed), `${m.replica} after the alter`).toBeGreaterThan(0);

  const [summary] = readCsv(path.join(dir, 'summary.csv'));
  expect(summary).toMatchObject({ status: 'ok' });
  const rawDir = path.join(dir, 'raw', `${summary!.cell}-1`);
  // The service's own log agrees: the idle replica had nothing, then the added partition.
  const log = readFileSync(path.join(rawDir, `${idle.replica}.log`), 'utf8');
  expect(log).toMatch(/partitions assigned: \[\], owned now: \[\]/);
  expect(log).toMatch(/partitions assigned: \[1\], owned now: \[1\]/);
  const raw = JSON.parse(readFileSync(path.join(rawDir, 'cell.json'), 'utf8'));
  const killed = raw.timeline.some((a: { event: { action: string } }) => a.event.action === 'killReplica');
  expect(raw.replicas.map((r: { endedBy: string }) => r.endedBy)).toEqual([killed ? 'killReplica' : 'cell-end', 'cell-end']);
  for (const r of raw.replicas) expect(isRunning(r.pid)).toBe(false);
}

describe('a Spring Boot service as an external system (examples/spring-inventory)', () => {
  beforeAll(async () => {
    await mvnPackage();
    expect(existsSync(JAR)).toBe(true);
  }, 600_000);

  it('java -jar, classic protocol: the idle member, the alter, records on both partitions, the kill taken over past the drain, none lost, no JVM left', async () => {
    // A 10 s session (Boot's is 45 s), stated to the harness as system.sessionTimeoutMs: the run waits for the takeover.
    const dir = await bench(
      scenario('jar', (system) => {
        const replicas = system.replicas as { command: string[] };
        replicas.command = replicas.command.map((a) => a.replace('session.timeout.ms=45000', 'session.timeout.ms=10000'));
        system.sessionTimeoutMs = 10_000;
      }),
      'jar',
    );
    expectTheStory(dir);
    const [summary] = readCsv(path.join(dir, 'summary.csv'));
    expect(summary).toMatchObject({ group_protocol: 'classic', takeovers_unseen: '0', drained: 'true' });
    expect(Number(summary!.takeover_max_ms)).toBeGreaterThanOrEqual(9_000);
    expect(Number(summary!.takeover_max_ms)).toBeLessThan(25_000);
    expect(processesMatching(marker)).toEqual([]);
  }, 180_000);

  it('mvn spring-boot:run, consumer protocol: the same story, and the forked JVMs go with their launcher', async () => {
    // The page's switch: group.protocol=consumer in place of session.timeout.ms, in Spring's one argument.
    const command = docsMvnCommand();
    const springArgs = command.at(-1)!.replace('properties.session.timeout.ms=45000', 'properties.group.protocol=consumer');
    expect(springArgs).not.toBe(command.at(-1));
    // No kill: the broker's 45 s consumer-protocol session would hold the run ~56 s for its takeover.
    const file = scenario(
      'mvn',
      (system) => {
        (system.replicas as { command: string[] }).command = [...command.slice(0, -1), springArgs];
      },
      false,
    );
    const dir = await bench(file, 'mvn');
    expectTheStory(dir);
    // Found from Kafka: the scenario states no group kind.
    expect(readCsv(path.join(dir, 'summary.csv'))[0]).toMatchObject({ group_protocol: 'consumer' });
    expect(processesMatching(marker)).toEqual([]);
    const log = readFileSync(path.join(dir, 'raw', readdirSync(path.join(dir, 'raw'))[0]!, 'replica-0.log'), 'utf8');
    expect(log).toMatch(/group\.protocol = consumer/);
  }, 240_000);
});
