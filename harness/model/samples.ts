/** What the probes read from Kafka: committed and end offsets, group members and assignments, leaders and ISR. */

export interface PartitionLag {
  partition: number;
  /** Log end offset. */
  end: number;
  /** The group's committed offset, or null when it has committed none. */
  committed: number | null;
  lag: number;
}

export interface LagSample {
  at: number;
  partitions: PartitionLag[];
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  /** The host the member connected from, as the coordinator reports it (`/127.0.0.1`). */
  clientHost?: string;
  partitions: number[];
  /** KIP-848 groups: the member's epoch (the classic protocol has one generation for all). */
  epoch?: number;
  /**
   * KIP-848 groups, recorded since issue 19: the partitions the coordinator's target assignment
   * gives the member. `partitions` is what the coordinator has handed it (in a heartbeat answer)
   * and not yet seen it revoke; the two are equal, and `epoch` is the group's `assignmentEpoch`,
   * once the member has reconciled.
   */
  targetPartitions?: number[];
}

export interface GroupSample {
  at: number;
  state: string;
  members: GroupMember[];
  /** KIP-848 groups, recorded since issue 19: the group's epoch and the epoch of its target assignment (the coordinator computed the target for the group epoch once they are equal). */
  groupEpoch?: number;
  assignmentEpoch?: number;
}

export interface PartitionState {
  partition: number;
  leader: number;
  isr: number[];
}

export interface MetadataSample {
  at: number;
  partitions: PartitionState[];
  /** The group coordinator's node id; null when it could not be found. */
  coordinator: number | null;
}
