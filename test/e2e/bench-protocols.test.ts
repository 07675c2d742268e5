import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readJournal } from '../../harness/journal/read.ts';
import { repoRoot } from '../../harness/paths.ts';
import { runCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';

const brokers = inject('kafkaBrokers');
const resultsRoot = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-protocols-'));
afterAll(() => rmSync(resultsRoot, { recursive: true, force: true }));

describe('the scale-out under eager, cooperative-sticky and KIP-848 rebalancing', () => {
  it('eager revokes partition 0 from its owner; cooperative-sticky and the consumer protocol leave it running', async () => {
    const scenario = path.join(repoRoot, 'test/fixtures/scenarios-run/protocols-short.yaml');
    const run = await runCli('harness/cli/bench.ts', ['--scenario', scenario, '--brokers', brokers, '--results-dir', resultsRoot], { timeoutMs: 420_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const dir = path.join(resultsRoot, readdirSync(resultsRoot)[0]!);
    const summary = readCsv(path.join(dir, 'summary.csv'));
    expect(summary.map((s) => [s.client, s.group_protocol, s.assignor, s.status, s.orders_lost])).toEqual([
      ['kafkajs', 'classic', 'range', 'ok', '0'],
      ['java', 'classic', 'cooperative-sticky', 'ok', '0'],
      ['java', 'consumer', 'uniform', 'ok', '0'],
    ]);
    const rebalances = readCsv(path.join(dir, 'rebalances.csv'));
    const pauses: Record<string, number> = {};
    for (const cell of summary.map((s) => s.cell!)) {
      const mine = rebalances.filter((r) => r.cell === cell && r.trigger === 'alterPartitions(2)');
      const p0 = mine.find((r) => r.partition === '0');
      const p1 = mine.find((r) => r.partition === '1');
      expect(p0, `${cell}: ${JSON.stringify(mine)}`).toBeDefined();
      // Whatever the protocol, the owner of partition 0 keeps it here, and partition 1 is new.
      expect(p0).toMatchObject({ moved: 'false' });
      expect(p0!.owner_before).toBe(p0!.owner_after);
      expect(p1).toMatchObject({ owner_before: '', moved: 'true', pause_ms: '' });
      expect(Number(p1!.first_order_ms)).toBeGreaterThan(0);
      pauses[cell] = Number(p0!.pause_ms);

      // What differs is whether the owner stopped consuming it: its journal says.
      const owner = p0!.owner_before!;
      const journal = readJournal(path.join(dir, 'raw', `${cell}-1`, `journal-${owner}.ndjson`), owner);
      const alterAt = Number(mine[0]!.trigger_at_s);
      const revokedZero = journal.events.some((e) => e.type === 'revoked' && e.partitions.includes(0));
      expect(journal.header?.client, cell).toBe(summary.find((s) => s.cell === cell)!.client);
      if (cell.includes('kafkajs')) expect(revokedZero, `${cell}: eager revokes everything at every rebalance`).toBe(true);
      else expect(revokedZero, `${cell}: an incremental protocol revokes only what moves`).toBe(false);
      expect(alterAt).toBeGreaterThan(0);
    }
    // A kept partition under an incremental protocol pauses about as long as between two orders.
    for (const [cell, pause] of Object.entries(pauses)) if (!cell.includes('kafkajs')) expect(pause, `${cell} pause of partition 0`).toBeLessThan(250);
    console.log(`partition 0 pause across the alter: ${JSON.stringify(pauses)}`);
  });
});
