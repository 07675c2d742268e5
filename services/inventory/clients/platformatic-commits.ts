import { setTimeout as sleep } from 'node:timers/promises';

export interface PartitionOffset {
  partition: number;
  offset: bigint;
}

/**
 * The offsets of processed records, committed in the background: whatever is processed while a
 * commit is in flight goes in the next one, so at a low rate that is one commit per record and
 * under load a small batch.
 */
export class OffsetCommits {
  /** Next offset to commit per partition, processed and not committed yet. */
  private readonly pending = new Map<number, bigint>();
  private committing: Promise<void> | null = null;

  constructor(
    private readonly commit: (offsets: PartitionOffset[]) => Promise<void>,
    /** Whether a failed commit of this partition is retried: while the member still owns it. */
    private readonly retries: (partition: number) => boolean,
    private readonly onFailure: (err: unknown) => void,
  ) {}

  /** `next`: the offset after the record just processed (and journaled) on this partition. */
  add(partition: number, next: bigint): void {
    this.pending.set(partition, next);
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
      const batch = [...this.pending];
      this.pending.clear();
      try {
        await this.commit(batch.map(([partition, offset]) => ({ partition, offset })));
      } catch (err) {
        this.onFailure(err);
        // A partition taken away is not retried: its next owner starts from its last commit.
        for (const [p, offset] of batch) if (this.retries(p) && !this.pending.has(p)) this.pending.set(p, offset);
        if (this.pending.size > 0) await sleep(500);
      }
    }
  }
}
