import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { readCsv } from '../support/csv.ts';

/**
 * What a share group costs, from a managed run: the same keyed load, kill and add on a share group
 * (Java replicas, KafkaShareConsumer) and on a consumer-protocol group. The offered rate is above
 * the two replicas' capacity, so every member always holds acquired records: the kill leaves some
 * unacknowledged, and the share group delivers them again to the member that stayed.
 */
const brokers = inject('kafkaBrokers');
const root = mkdtempSync(path.join(os.tmpdir(), 'ksb-test-share-group-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('bench with a share group next to a consumer group', () => {
  it('share: redelivery after the kill, nothing lost, keys out of order; consumer protocol: none out of order', async () => {
    const file = path.join(root, 'share-vs-consumer.json');
    writeFileSync(
      file,
      JSON.stringify({
        description: 'a keyed load above two replicas capacity; replica 1 killed, one added',
        topology: {
          // Run as two cells (--cell): one partition shared by the share group, two for the consumer group.
          partitions: [1, 2],
          replicas: 2,
          key: 'productId',
          producer: { metadataMaxAgeMs: 2000 },
          consumer: [
            { client: 'java', groupProtocol: 'share', groupSessionTimeoutMs: 6000, groupHeartbeatIntervalMs: 1000 },
            { client: 'java', groupProtocol: 'consumer', groupSessionTimeoutMs: 6000, groupHeartbeatIntervalMs: 1000 },
          ],
          // 25 orders/s per replica: 50/s for two, under the 60/s offered.
          work: { perMessageMs: 40, mode: 'sleep' },
        },
        load: { rate: 60, durationS: 12, warmupS: 2, connections: 4, payload: { productIds: 20 } },
        drain: { timeoutS: 60 },
        timeline: [
          { at: 4, action: 'killReplica', replica: 1 },
          { at: 6, action: 'addReplica' },
        ],
      }),
    );
    const results = path.join(root, 'results');
    const cells = ['--cell', 'p1-r2-rate60-java-share-simple', '--cell', 'p2-r2-rate60-java-consumer-uniform'];
    const run = await runCli('harness/cli/bench.ts', ['--scenario', file, '--brokers', brokers, '--results-dir', results, ...cells], { timeoutMs: 400_000 });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const dir = path.join(results, readdirSync(results)[0]!);
    const rows = readCsv(path.join(dir, 'summary.csv'));
    const share = rows.find((r) => r.group_protocol === 'share')!;
    const consumer = rows.find((r) => r.group_protocol === 'consumer')!;
    for (const r of [share, consumer]) expect(r, r.cell).toMatchObject({ status: 'ok', drained: 'true', orders_lost: '0', key: 'productId' });

    // The killed member's unacknowledged records came back to the others, with a delivery count above 1.
    expect(Number(share.redelivered_records)).toBeGreaterThan(0);
    expect(Number(share.delivery_count_max)).toBeGreaterThanOrEqual(2);
    expect(Number(share.redelivery_delay_ms)).toBeGreaterThanOrEqual(0);
    const [kill] = readCsv(path.join(dir, 'faults.csv')).filter((f) => f.cell === share.cell);
    expect(kill).toMatchObject({ action: 'killReplica(inventory-1)', orders_lost: '0', redelivery_delay_ms: share.redelivery_delay_ms });
    expect(Number(kill!.redelivered_records)).toBeGreaterThan(0);
    expect(rows).toHaveLength(2);
    // Two members acquire batches of one partition side by side: orders of a product overtake each other.
    expect(Number(share.order_violations)).toBeGreaterThan(0);
    expect(Number(share.keys_out_of_order_pct)).toBeGreaterThan(0);
    // The added replica took work without any topic change.
    expect(Number(share.added_first_record_ms)).toBeGreaterThan(0);
    expect(Number(share.processing_gap_max_ms)).toBeGreaterThan(0);

    // A consumer group processes each partition in offset order: no key out of order, no delivery counts.
    expect(consumer).toMatchObject({
      order_violations: '0',
      keys_out_of_order_pct: '0',
      redelivered_records: '',
      delivery_count_max: '',
      redelivery_delay_ms: '',
    });
    // Its killed member's partition stood still until the takeover (6 s session); the share group's member that
    // stayed went on consuming the one partition they shared.
    expect(Number(consumer.processing_gap_max_ms)).toBeGreaterThan(Number(share.processing_gap_max_ms));
  }, 420_000);
});
