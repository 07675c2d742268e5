import type { RebalanceLine, RebalanceType } from '../../harness/model/journal.ts';
import { log } from '../shared/cli.ts';
import type { JournalWriter } from './journal-writer.ts';
import type { ReplicaState } from './replica-state.ts';

/**
 * This member's group steps, journaled alike whatever the client: each line has the partitions
 * the step concerns and `owned`, the member's whole assignment after it, which /stats shows too.
 * The client says when a step happens and what it concerns; this keeps what the member owns.
 */
export class Membership {
  private owned: number[] = [];

  constructor(
    private readonly state: ReplicaState,
    private readonly journal: JournalWriter,
    private readonly topic: string,
  ) {}

  /** The assignment as journaled: the partitions whose records this member may process. */
  get assignment(): readonly number[] {
    return this.owned;
  }

  owns(partition: number): boolean {
    return this.owned.includes(partition);
  }

  /**
   * The member starts joining (subscribe, or a rejoin), owning nothing. `epoch`: the member
   * epoch a client knows before the broker answers (0 under KIP-848).
   */
  join(at: number, epoch?: number): void {
    this.write('join', at, [], [], null, epoch);
  }

  assigned(at: number, partitions: readonly number[], owned: readonly number[], durationMs: number | null, epoch?: number): void {
    this.own(owned);
    this.write('assigned', at, partitions, owned, durationMs, epoch);
    // The lab's Spring app prints this line; an idle replica shows `partitions assigned: []`.
    log('inventory', `partitions assigned: ${describePartitions(this.topic, owned)}`);
  }

  /** Given up cleanly: the eager protocol revokes everything, an incremental one some. */
  revoked(at: number, partitions: readonly number[], owned: readonly number[], epoch?: number): void {
    this.own(owned);
    this.write('revoked', at, partitions, owned, null, epoch);
    log('inventory', `partitions revoked: ${describePartitions(this.topic, partitions)}`);
  }

  /** Taken away without a clean revoke: `partitions` may include some never journaled as owned. */
  lost(at: number, partitions: readonly number[], reason: string): void {
    this.own([]);
    this.write('lost', at, partitions, [], null);
    log('inventory', `partitions lost: ${describePartitions(this.topic, partitions)} (${reason})`);
  }

  crashed(at: number, reason: string): void {
    const had = this.owned;
    this.own([]);
    this.write('crash', at, had, [], null, undefined, reason);
  }

  stopped(at: number): void {
    const had = this.owned;
    this.own([]);
    this.write('stop', at, had, [], null);
  }

  private own(partitions: readonly number[]): void {
    this.owned = [...partitions];
    this.state.assignment = [...partitions];
  }

  private write(
    type: RebalanceType,
    at: number,
    partitions: readonly number[],
    owned: readonly number[],
    durationMs: number | null,
    epoch?: number,
    reason?: string,
  ): void {
    const { state } = this;
    if (epoch !== undefined) state.generationId = epoch;
    const line: RebalanceLine = {
      k: 'rebalance',
      type,
      at,
      memberId: state.memberId,
      generationId: state.generationId,
      partitions: [...partitions],
      owned: [...owned],
      durationMs,
    };
    if (reason !== undefined) line.reason = reason;
    state.recordRebalance(line);
    this.journal.write(line);
  }
}

/** `[topic-0, topic-1]`: how the lab's Spring app prints an assignment. */
export function describePartitions(topic: string, partitions: readonly number[]): string {
  return `[${partitions.map((p) => `${topic}-${p}`).join(', ')}]`;
}
