import { setTimeout as sleep } from 'node:timers/promises';

export interface PartitionOffset {
  partition: number;
  offset: bigint;
  /** The leader epoch of the record's batch (KIP-320: the committed leader epoch). */
  leaderEpoch: number;
}

/**
 * The offsets of processed records, committed in the background: whatever is processed while a
 * commit is in flight goes in the next one, so at a low rate that is one commit per record and
 * under load a small batch.
 */
export class OffsetCommits {
  /** Next offset to commit per partition, processed and not committed yet. */
  private readonly pending = new Map<number, PartitionOffset>();
  private committing: Promise<void> | null = null;

  constructor(
    private readonly commit: (offsets: PartitionOffset[]) => Promise<void>,
    /** Whether a failed commit of this partition is retried: while the member still owns it. */
    private readonly retries: (partition: number) => boolean,
    private readonly onFailure: (err: unknown) => void,
  ) {}

  /** `next`: the offset after the record just processed (and journaled) on this partition. */
  add(partition: number, next: bigint, leaderEpoch: number): void {
    this.pending.set(partition, { partition, offset: next, leaderEpoch });
    if (this.committing) return;
    this.committing = this.loop().finally(() => {
      this.committing = null;
    });
  }

  /** Drops what is not committed yet: a lost membership has nothing to commit. */
  clear(): void {
    this.pending.clear();
  }

  /** Resolves when no commit is in flight or waiting. */
  async settled(): Promise<void> {
    while (this.committing) await this.committing;
  }

  private async loop(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending.clear();
      try {
        await this.commit(batch);
      } catch (err) {
        this.onFailure(err);
        // A partition taken away is not retried: its next owner starts from its last commit.
        for (const o of batch) if (this.retries(o.partition) && !this.pending.has(o.partition)) this.pending.set(o.partition, o);
        if (this.pending.size > 0) await sleep(500);
      }
    }
  }
}
