/**
 * Records in order within a partition, up to `limit` partitions at once: what kafkajs calls
 * partitionsConsumedConcurrently, for a client that hands out one stream of records. A partition
 * runs only while `isOpen` says so (the member has journaled it as its own); its records wait
 * until then. A lane works through what was queued when it started, then yields its turn, so a
 * busy partition cannot starve the others.
 */
export class PartitionLanes<T> {
  private readonly queues = new Map<number, T[]>();
  private readonly running = new Map<number, Promise<void>>();
  private queued = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly isOpen: (partition: number) => boolean,
    private readonly work: (partition: number, item: T) => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Records queued and not started. */
  get size(): number {
    return this.queued;
  }

  push(partition: number, item: T): void {
    const queue = this.queues.get(partition);
    if (queue) queue.push(item);
    else this.queues.set(partition, [item]);
    this.queued++;
    this.pump();
  }

  /** Drops the records of these partitions that have not started. */
  discard(partitions: Iterable<number>): void {
    for (const p of partitions) {
      const queue = this.queues.get(p);
      if (!queue) continue;
      this.queued -= queue.length;
      queue.length = 0;
    }
    this.wake();
  }

  discardAll(): void {
    this.discard([...this.queues.keys()]);
  }

  /** Starts whatever may run now: call it after a partition opens. */
  pump(): void {
    for (const [partition, queue] of this.queues) {
      if (this.running.size >= this.limit) return;
      if (queue.length === 0 || this.running.has(partition) || !this.isOpen(partition)) continue;
      const lane = this.run(partition, queue)
        .catch(this.onError)
        .finally(() => {
          this.running.delete(partition);
          // To the back of the line: the next turn goes to another partition.
          this.queues.delete(partition);
          if (queue.length > 0) this.queues.set(partition, queue);
          this.wake();
          this.pump();
        });
      this.running.set(partition, lane);
    }
  }

  /** Resolves when fewer than `max` records wait: the reader's backpressure. */
  async room(max: number): Promise<void> {
    while (this.queued >= max) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves when none of these partitions has a record in progress. */
  async settled(partitions: Iterable<number>): Promise<void> {
    for (const p of partitions) {
      while (this.running.has(p)) await this.running.get(p);
    }
  }

  /** Resolves when no record is in progress. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  private async run(partition: number, queue: T[]): Promise<void> {
    let turn = queue.length;
    while (turn-- > 0 && queue.length > 0 && this.isOpen(partition)) {
      const item = queue.shift() as T;
      this.queued--;
      this.wake();
      await this.work(partition, item);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
