import { closeSync, openSync, writeSync } from 'node:fs';
import { HarnessError } from '../../harness/errors.ts';

/** `{k:"order"}`: one record this replica processed (store updated) before its offset was committed. */
export interface OrderLine {
  k: 'order';
  orderId: string;
  partition: number;
  offset: string;
  createdAt: number;
  processedAt: number;
  member: string;
  productId: number;
  qty: number;
}

/** `{k:"poison"}`: a record that is not a valid OrderPlaced; skipped and committed. */
export interface PoisonLine {
  k: 'poison';
  partition: number;
  offset: string;
  reason: string;
  at: number;
}

export type RebalanceType = 'join' | 'revoked' | 'assigned' | 'crash' | 'stop';

/** `{k:"rebalance"}`: a step of this member's group membership (also listed in /stats). */
export interface RebalanceLine {
  k: 'rebalance';
  type: RebalanceType;
  at: number;
  memberId: string;
  generationId: number | null;
  partitions: number[];
  durationMs: number | null;
  /** Only on `crash`: what kafkajs reported. */
  reason?: string;
}

export type JournalLine = OrderLine | PoisonLine | RebalanceLine;

/**
 * The harness's exact record of what a replica did. Each line is written with a synchronous
 * write before the offset can be committed, so it is in the kernel once the call returns and
 * survives a SIGKILL of the process (not a machine crash: there is no fsync per line).
 */
export class Journal {
  private fd: number | undefined;

  constructor(readonly path: string | undefined) {
    if (path === undefined) return;
    try {
      this.fd = openSync(path, 'a');
    } catch (err) {
      throw new HarnessError('BAD_ARGUMENT', `--journal: cannot open ${path} for appending (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
        hint: 'point --journal at a writable file; its folder must exist',
      });
    }
  }

  write(line: JournalLine): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, JSON.stringify(line) + '\n');
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
