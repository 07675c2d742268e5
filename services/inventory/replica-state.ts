import type { RebalanceLine } from '../../harness/model/journal.ts';
import type { StoreStats } from './stores/store.ts';

/** GET /stats: what this replica did, for the harness's probes and for a person. */
export interface ReplicaStats {
  replica: string;
  pid: number;
  groupId: string;
  topic: string;
  memberId: string;
  generationId: number | null;
  assignment: number[];
  processed: { total: number; byPartition: Record<string, number> };
  lastOffset: Record<string, string>;
  rebalances: RebalanceLine[];
  poisonSkipped: number;
  duplicatesSeen: number;
  store: StoreStats;
}

/** Remembering every orderId forever would grow without bound; redeliveries are recent ones. */
const SEEN_WINDOW = 1_000_000;
const REBALANCES_KEPT = 1_000;

/** The replica's live counters and group membership, updated by the consumer. */
export class ReplicaState {
  replica = '';
  memberId = '';
  generationId: number | null = null;
  assignment: number[] = [];
  private total = 0;
  private readonly byPartition: Record<string, number> = {};
  private readonly lastOffset: Record<string, string> = {};
  private readonly rebalances: RebalanceLine[] = [];
  private poisonSkipped = 0;
  private duplicatesSeen = 0;
  private readonly seen = new Set<string>();

  constructor(
    readonly groupId: string,
    readonly topic: string,
  ) {}

  recordOrder(orderId: string, partition: number, offset: string): void {
    this.total++;
    const key = String(partition);
    this.byPartition[key] = (this.byPartition[key] ?? 0) + 1;
    this.lastOffset[key] = offset;
    if (this.seen.has(orderId)) {
      this.duplicatesSeen++;
      return;
    }
    this.seen.add(orderId);
    if (this.seen.size > SEEN_WINDOW) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  recordPoison(partition: number, offset: string): void {
    this.poisonSkipped++;
    this.lastOffset[String(partition)] = offset;
  }

  recordRebalance(line: RebalanceLine): void {
    this.rebalances.push(line);
    if (this.rebalances.length > REBALANCES_KEPT) this.rebalances.shift();
  }

  snapshot(store: StoreStats): ReplicaStats {
    return {
      replica: this.replica,
      pid: process.pid,
      groupId: this.groupId,
      topic: this.topic,
      memberId: this.memberId,
      generationId: this.generationId,
      assignment: [...this.assignment],
      processed: { total: this.total, byPartition: { ...this.byPartition } },
      lastOffset: { ...this.lastOffset },
      rebalances: [...this.rebalances],
      poisonSkipped: this.poisonSkipped,
      duplicatesSeen: this.duplicatesSeen,
      store,
    };
  }
}
