import { describe, expect, it } from 'vitest';
import { PartitionLanes } from '../../services/inventory/clients/partition-lanes.ts';

/** A lane worker whose items finish when the test says so. */
function harness(limit: number, open: (p: number) => boolean = () => true) {
  const started: string[] = [];
  const pending = new Map<string, () => void>();
  const errors: unknown[] = [];
  const lanes = new PartitionLanes<string>(
    limit,
    open,
    (p, item) =>
      new Promise<void>((resolve) => {
        started.push(`${p}:${item}`);
        pending.set(item, resolve);
      }),
    (err) => errors.push(err),
  );
  const finish = async (item: string) => {
    pending.get(item)!();
    pending.delete(item);
    await new Promise((r) => setImmediate(r));
  };
  return { lanes, started, finish, errors };
}

describe('PartitionLanes: in order within a partition, up to `limit` partitions at once', () => {
  it('runs one record per partition at a time, in order', async () => {
    const { lanes, started, finish } = harness(2);
    lanes.push(0, 'a');
    lanes.push(0, 'b');
    lanes.push(1, 'c');
    expect(started).toEqual(['0:a', '1:c']);
    await finish('a');
    expect(started).toEqual(['0:a', '1:c', '0:b']);
    expect(lanes.size).toBe(0);
  });

  it('never runs more partitions than the limit, and a busy partition yields its turn', async () => {
    const { lanes, started, finish } = harness(1);
    lanes.push(0, 'a1');
    lanes.push(0, 'a2');
    lanes.push(1, 'b1');
    expect(started).toEqual(['0:a1']);
    // Partition 0's turn began with only a1 queued: partition 1 goes next.
    await finish('a1');
    expect(started).toEqual(['0:a1', '1:b1']);
    lanes.push(1, 'b2');
    await finish('b1');
    expect(started).toEqual(['0:a1', '1:b1', '0:a2']);
    await finish('a2');
    expect(started.at(-1)).toBe('1:b2');
  });

  it("holds a closed partition's records until it opens; discard drops what has not started", async () => {
    const open = new Set<number>([0]);
    const { lanes, started, finish } = harness(2, (p) => open.has(p));
    lanes.push(1, 'x');
    lanes.push(0, 'a');
    expect(started).toEqual(['0:a']);
    open.add(1);
    lanes.pump();
    expect(started).toEqual(['0:a', '1:x']);
    lanes.push(1, 'y');
    lanes.discard([1]);
    await finish('x');
    await finish('a');
    expect(started).toEqual(['0:a', '1:x']);
    expect(lanes.size).toBe(0);
  });

  it('settled waits for the record in progress; room waits until the queue shrinks', async () => {
    const { lanes, finish } = harness(1);
    lanes.push(0, 'a');
    lanes.push(0, 'b');
    let settled = false;
    const s = lanes.settled([0]).then(() => (settled = true));
    let roomy = false;
    const r = lanes.room(1).then(() => (roomy = true));
    await new Promise((res) => setImmediate(res));
    expect([settled, roomy]).toEqual([false, false]);
    await finish('a');
    await r;
    expect(roomy).toBe(true);
    expect(settled).toBe(false);
    await finish('b');
    await s;
    await lanes.idle();
    expect(settled).toBe(true);
  });
});
