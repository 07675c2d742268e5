import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePorts } from '../../harness/broker/index.ts';
import { DEFAULT_KAFKA_VERSION } from '../../harness/broker/distribution.ts';
import { runCli } from '../support/cli.ts';
import { isRunning } from '../support/processes.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-cli-'));
const broker = (args: string[], env?: NodeJS.ProcessEnv) => runCli('harness/cli/broker.ts', args, { env: env ?? process.env });
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

afterAll(async () => {
  await broker(['stop', '--data-dir', path.join(tmp, 'lifecycle')]);
  rmSync(tmp, { recursive: true, force: true });
});

describe('npm run broker', () => {
  it('starts in the background, reports status and logs, and stops leaving no process', async () => {
    const dataDir = path.join(tmp, 'lifecycle');
    const start = await broker(['start', '--port', '0', '--data-dir', dataDir, '--heap', '384']);
    expect(start.code, start.stderr).toBe(0);
    const address = /ready at (127\.0\.0\.1:\d+)/.exec(start.stdout)?.[1];
    expect(address).toBeDefined();
    expect(start.stdout).toMatch(/started in \d+\.\d s/);
    const pid = Number(/pids (\d+)/.exec(start.stdout)?.[1]);
    expect(isRunning(pid)).toBe(true);

    const status = await broker(['status', '--data-dir', dataDir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`running: ${address}`);

    const again = await broker(['start', '--port', '0', '--data-dir', dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('error[BROKER_ALREADY_RUNNING]');

    const logs = await broker(['logs', '--data-dir', dataDir, '-n', '200']);
    expect(logs.stdout).toContain('Kafka Server started');

    const stop = await broker(['stop', '--data-dir', dataDir]);
    expect(stop.stdout).toContain(`stopped the broker at ${address}`);
    expect(isRunning(pid)).toBe(false);
    expect((await broker(['status', '--data-dir', dataDir])).stdout).toContain('not running');

    // The data directory was formatted by the default release: another one asks for --fresh.
    const older = await broker(['start', '--port', '0', '--data-dir', dataDir, '--kafka-version', '4.1.1']);
    expect(older.code).toBe(2);
    expect(older.stderr).toContain(
      `error[BAD_ARGUMENT]: the data directory ${dataDir} was formatted by Kafka ${DEFAULT_KAFKA_VERSION}; this broker is Kafka 4.1.1`,
    );
    expect(older.stderr).toContain('hint: pass --fresh');
    noStack(older.stderr);
  });

  it('refuses a release Maven Central does not serve, or one before 4.0, before anything starts', async () => {
    const unserved = await broker(['start', '--port', '0', '--data-dir', path.join(tmp, 'unserved'), '--kafka-version', '4.0.9']);
    expect(unserved.code).toBe(2);
    expect(unserved.stderr).toMatch(/error\[BAD_ARGUMENT\]: --kafka-version: Apache Kafka 4\.0\.9 is not on Maven Central; it serves 4\.0\.0-.*4\.4\.0/);
    const old = await broker(['fetch', '--kafka-version', '3.9.1']);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('--kafka-version: expected Kafka 4.0.0 or newer');
    noStack(`${unserved.stderr}${old.stderr}`);
  });

  it('explains a missing Java without a stack trace', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: path.join(tmp, 'empty-path') };
    delete env.JAVA_HOME;
    const run = await broker(['start', '--port', '0', '--data-dir', path.join(tmp, 'nojava')], env);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('error[JAVA_MISSING]: Java was not found');
    expect(run.stderr).toMatch(/hint: install a JDK 17 or newer.*--brokers/);
    noStack(run.stderr);
  });

  it('refuses a Java older than 17', async () => {
    const home = path.join(tmp, 'old-jdk');
    const bin = path.join(home, 'bin');
    await import('node:fs').then((fs) => fs.mkdirSync(bin, { recursive: true }));
    writeFileSync(path.join(bin, 'java'), '#!/bin/sh\necho \'openjdk version "11.0.22" 2024-01-16\' >&2\n');
    chmodSync(path.join(bin, 'java'), 0o755);
    const run = await broker(['start', '--port', '0', '--data-dir', path.join(tmp, 'oldjava')], { ...process.env, JAVA_HOME: home });
    expect(run.stderr).toContain('error[JAVA_TOO_OLD]: Kafka 4.x needs Java 17 or newer');
    expect(run.stderr).toContain('is Java 11');
    noStack(run.stderr);
  });

  it('says Maven is needed when the jars are not cached and mvn is missing', async () => {
    const javaDir = path.join(tmp, 'only-java');
    await import('node:fs').then((fs) => {
      fs.mkdirSync(javaDir, { recursive: true });
      fs.symlinkSync(process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : '/usr/bin/java', path.join(javaDir, 'java'));
    });
    const env = { ...process.env, PATH: javaDir, KAFKA_DIST_DIR: path.join(tmp, 'empty-dist') };
    const run = await broker(['start', '--port', '0', '--data-dir', path.join(tmp, 'nomvn')], env);
    expect(run.stderr).toContain('error[MAVEN_MISSING]: Maven (mvn) was not found');
    noStack(run.stderr);
  });

  it("reports a failed fetch (no network) with the tail of Maven's output", async () => {
    const env = {
      ...process.env,
      KAFKA_DIST_DIR: path.join(tmp, 'offline-dist'),
      // Offline against an empty local repository is exactly what "no network" looks like to Maven.
      KAFKA_MAVEN_ARGS: `-o -Dmaven.repo.local=${path.join(tmp, 'empty-m2')}`,
    };
    const run = await broker(['start', '--port', '0', '--data-dir', path.join(tmp, 'offline')], env);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain(`error[KAFKA_FETCH_FAILED]: could not fetch Apache Kafka ${DEFAULT_KAFKA_VERSION} from Maven Central`);
    expect(run.stderr).toMatch(/offline|resolve/i);
    noStack(run.stderr);
  });

  it('names a port that another process holds', async () => {
    const [port] = await freePorts(1);
    const squatter = net.createServer().listen(port, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      const run = await broker(['start', '--port', String(port), '--data-dir', path.join(tmp, 'taken')]);
      expect(run.stderr).toContain(`error[PORT_IN_USE]: port 127.0.0.1:${port} is already taken by another process`);
      noStack(run.stderr);
    } finally {
      squatter.close();
    }
  });

  it('says when the data directory cannot be written', async () => {
    const file = path.join(tmp, 'a-file');
    writeFileSync(file, 'not a folder');
    const run = await broker(['start', '--port', '0', '--data-dir', path.join(file, 'data')]);
    expect(run.stderr).toMatch(/error\[DATA_DIR_NOT_WRITABLE\]: the data directory .*a-file\/data is not writable \(ENOTDIR\)/);
    noStack(run.stderr);
  });

  it('quotes the log when the broker dies before it is ready', async () => {
    const run = await broker(['start', '--port', '0', '--heap', '2', '--data-dir', path.join(tmp, 'tiny-heap')]);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/error\[BROKER_NOT_READY\]: broker node 1 exited \(1\) before it was ready; last lines of its log:/);
    expect(run.stderr).toMatch(/heap/i);
    noStack(run.stderr);
  });

  it('rejects unknown flags and tools with exit code 2', async () => {
    const bad = await broker(['start', '--nodez', '3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/error\[BAD_ARGUMENT\]: Unknown argument: nodez/);
    const tool = await runCli('harness/cli/kafka.ts', ['kafka-nonsense']);
    expect(tool.code).toBe(2);
    expect(tool.stderr).toContain('error[UNKNOWN_TOOL]: unknown Kafka tool "kafka-nonsense"');
  });
});
