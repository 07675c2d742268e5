import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../../harness/paths.ts';
import { runCli, spawnCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';
import { processesMatching } from '../support/processes.ts';

const brokers = inject('kafkaBrokers');
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-rolling-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

const scenario = path.join(repoRoot, 'test/fixtures/scenarios-run/rolling-restart-short.yaml');

describe('a rolling restart of three Java replicas on the classic protocol', () => {
  it('loses no order; static membership restarts without a rebalance, dynamic with one per restart', async () => {
    const out = path.join(resultsRoot, 'run');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', scenario, '--brokers', brokers, '--results-dir', out], { timeoutMs: 420_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = path.join(out, readdirSync(out)[0]!);

    const summary = readCsv(path.join(dir, 'summary.csv'));
    expect(summary.map((s) => [s.cell, s.status, s.orders_lost, s.drained, s.static_membership])).toEqual([
      ['p3-r3-rate60-java-classic-range', 'ok', '0', 'true', 'false'],
      ['p3-r3-rate60-java-classic-range-static', 'ok', '0', 'true', 'true'],
    ]);
    const [dynamic, stat] = summary as [Record<string, string>, Record<string, string>];
    expect(dynamic.deploy_restarts).toBe('3');
    expect(stat.deploy_restarts).toBe('3');

    const deploys = readCsv(path.join(dir, 'deploys.csv'));
    const steps = (cell: string) => deploys.filter((d) => d.cell === cell);
    expect(steps(dynamic.cell!).map((d) => d.replicas)).toEqual(['inventory-0', 'inventory-1', 'inventory-2']);
    for (const d of steps(stat.cell!)) {
      // Well inside the session timeout: the coordinator keeps the static member's place. The
      // journals show no new generation (the Java client's generation, from the coordinator's
      // JoinGroup/SyncGroup answers), and the coordinator's DescribeGroups never left Stable.
      expect(Number(d.ready_ms), JSON.stringify(d)).toBeLessThan(20_000);
      expect(d.rebalances, JSON.stringify(d)).toBe('0');
      expect(d.generations, JSON.stringify(d)).toMatch(/^\d+$/);
      expect(d.group_states, JSON.stringify(d)).toBe('Stable');
      expect(d.partitions_moved).toBe('0');
    }
    for (const d of steps(dynamic.cell!)) {
      // A clean leave and a join: two generations, one scaling event.
      expect(d.rebalances, JSON.stringify(d)).toBe('1');
      expect(d.generations, JSON.stringify(d)).toMatch(/^\d+(>\d+){1,}$/);
      expect(d.group_states, JSON.stringify(d)).not.toBe('Stable');
    }
    expect(stat.deploy_rebalances).toBe('0');
    expect(dynamic.deploy_rebalances).toBe('3');
    expect(Number(dynamic.deploy_rebalances_per_restart)).toBe(1);

    // The restarted member is the same static member: its coordinator-side takeover is never awaited.
    const raw = JSON.parse(readFileSync(path.join(dir, 'raw', `${stat.cell}-1`, 'cell.json'), 'utf8'));
    expect(raw.replicas.map((r: { restarts?: unknown[] }) => r.restarts?.length)).toEqual([1, 1, 1]);
    expect(processesMatching(dir)).toEqual([]);
  }, 450_000);

  it('with maxSurge, replaces each replica by a new one started first, losing no order', async () => {
    // Its own run: maxSurge is the timeline's, and the timeline is the scenario's, the same in every cell.
    const out = path.join(resultsRoot, 'surge');
    const file = path.join(repoRoot, 'test/fixtures/scenarios-run/rolling-surge-short.yaml');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', out], { timeoutMs: 240_000 });
    expect(run.code, run.stderr).toBe(0);
    const dir = path.join(out, readdirSync(out)[0]!);

    const [cell] = readCsv(path.join(dir, 'summary.csv'));
    expect([cell!.status, cell!.orders_lost, cell!.drained, cell!.deploy_restarts, cell!.replicas_final], JSON.stringify(cell)).toEqual([
      'ok',
      '0',
      'true',
      '2',
      '2',
    ]);
    expect(Number(cell!.deploy_duration_ms)).toBeGreaterThan(0);
    const deploys = readCsv(path.join(dir, 'deploys.csv'));
    expect(deploys.map((d) => [d.step, d.replicas, d.started])).toEqual([
      ['1', 'inventory-0', 'inventory-2'],
      ['2', 'inventory-1', 'inventory-3'],
    ]);
    for (const d of deploys) {
      // Ready once the old replica had gone and the group was settled over its new members.
      expect(Number(d.ready_ms), JSON.stringify(d)).toBeGreaterThan(0);
      expect(Number(d.ready_ms), JSON.stringify(d)).toBeGreaterThanOrEqual(Number(d.down_ms));
      expect(Number(d.rebalances), JSON.stringify(d)).toBeGreaterThanOrEqual(1);
    }
    // Each new replica was up before its old one was stopped (maxUnavailable 0), the old ones
    // stopped for good, and the new ones held every partition at the end.
    const raw = JSON.parse(readFileSync(path.join(dir, 'raw', `${cell!.cell}-1`, 'cell.json'), 'utf8'));
    const record = (name: string) => raw.replicas.find((r: { name: string }) => r.name === name);
    for (const step of raw.timeline[0].steps as Array<{ replicas: string[]; started: string[]; at: number; startedAt: number; exitedAt: number }>) {
      expect(step.startedAt, JSON.stringify(step)).toBeLessThan(step.exitedAt);
      expect(record(step.started[0]!).startedAt).toBeLessThan(record(step.replicas[0]!).endedAt);
      expect(record(step.replicas[0]!).endedBy).toBe('stopReplica');
    }
    const consumers = readCsv(path.join(dir, 'consumers.csv'));
    const lastPhase = Math.max(...consumers.map((c) => Number(c.phase)));
    const owned = consumers
      .filter((c) => Number(c.phase) === lastPhase && ['inventory-2', 'inventory-3'].includes(c.replica!))
      .flatMap((c) => c.partitions!.split(' ').filter(Boolean));
    expect(owned.sort()).toEqual(['0', '1', '2']);
    expect(processesMatching(dir)).toEqual([]);
  }, 270_000);

  it('refuses static membership with kafkajs, naming the reason', async () => {
    const file = path.join(resultsRoot, 'kafkajs-static.yaml');
    const text = readFileSync(scenario, 'utf8').replace(
      /client: java, groupProtocol: classic, assignor: range, sessionTimeoutMs: 20000, heartbeatIntervalMs: 1000, staticMembership: true/,
      'client: kafkajs, staticMembership: true',
    );
    writeFileSync(file, text);
    const run = await runCli(
      'harness/cli/bench.ts',
      ['--scenario', file, '--brokers', brokers, '--results-dir', path.join(resultsRoot, 'refused'), '--dry-run'],
      { timeoutMs: 60_000 },
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('topology.consumer[1].staticMembership');
    expect(run.stderr).toContain('kafkajs 2.2 has no static membership');
  });

  it('Ctrl-C during a rolling restart leaves nothing running and exits 130', async () => {
    const out = path.join(resultsRoot, 'interrupted');
    const child = spawnCli('harness/cli/bench.ts', [
      '--scenario',
      scenario,
      '--brokers',
      brokers,
      '--results-dir',
      out,
      '--cell',
      'p3-r3-rate60-java-classic-range-static',
    ]);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // The first step's SIGTERM reached inventory-0 (its log says so): the deploy is under way.
    const firstLog = () => {
      if (!existsSync(out)) return '';
      const run = readdirSync(out)[0];
      const log = run && path.join(out, run, 'raw', 'p3-r3-rate60-java-classic-range-static-1', 'inventory-0.log');
      return log && existsSync(log) ? readFileSync(log, 'utf8') : '';
    };
    const restarting = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (firstLog().includes('SIGTERM')) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
      child.once('exit', () => clearInterval(timer));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await Promise.race([restarting, exited]);
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    const dir = path.join(out, readdirSync(out)[0]!);
    expect(readCsv(path.join(dir, 'summary.csv')).map((s) => s.status)).toEqual(['interrupted']);
    expect(processesMatching(dir)).toEqual([]);
  });
});
