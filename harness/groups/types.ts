/**
 * A kind of consumer group, as the coordinator runs it: the classic protocol (DescribeGroups,
 * client-side assignors and timings), the KIP-848 consumer protocol (ConsumerGroupDescribe,
 * broker-side assignors, group configs), and share groups (KIP-932: ShareGroupDescribe and
 * DescribeShareGroupOffsets, partitions shared by the members). Each is one folder with a
 * descriptor (plain facts the scenario checks read) and a probe (how it is read from Kafka),
 * loaded only when a run needs it.
 */
import type { Admin } from 'kafkajs';
import type { ConsumerCell } from '../model/scenario.ts';
import type { GroupSample, LagSample } from '../model/samples.ts';

export interface GroupTypeDescriptor {
  /** The name a scenario, a flag and the journal use (`classic`, `consumer`, `share`). */
  readonly name: string;
  /** How a message names such a group: `classic group`, `consumer-protocol group`, `share group`. */
  readonly label: string;
  /** What a scenario that names no assignor gets. */
  readonly defaultAssignor: string;
  /** Whether the client sets the member's session timeout and heartbeat (classic) or the broker does. */
  readonly clientTimings: boolean;
  /** Why client timings are refused, said when a scenario gives them to a group type without them. */
  readonly timingsNote?: string;
  /** Whether the group's own configs (heartbeat, session timeout and, from Kafka 4.3, assignment interval) can be set before a run. */
  readonly groupHeartbeat: boolean;
  /** Records handed out under a lock with a delivery count (share groups): their lock duration and delivery count limit can be set before a run. */
  readonly recordLocks?: boolean;
  /**
   * `exclusive`: a partition has one owner at a time, so a replica beyond the partition count idles;
   * `shared`: every member may be assigned every partition and the broker hands out records.
   */
  readonly ownership: 'exclusive' | 'shared';
  /**
   * The broker configs that bound how far this kind of group scales, with their defaults in the
   * release the harness ships: what plan quotes as the documented limit next to what a run measured.
   */
  readonly scalingLimits?: readonly BrokerLimit[];
  /**
   * How a message names the offset a partition's lag counts from (LagSample's `committed`):
   * `committed offset` where absent; a share group's is its share-partition start offset.
   */
  readonly progressOffset?: string;
  /** Every expected member present and every partition held as this kind of group holds them. */
  isSettled(sample: GroupSample, members: number, partitions: number): boolean;
  /** The reading half, imported only when a run or the lab needs it. */
  probe(): Promise<GroupTypeProbe>;
}

export interface BrokerLimit {
  /** The broker config (`group.share.max.size`). */
  readonly config: string;
  readonly default: number;
  /** What it bounds, in a sentence. */
  readonly bounds: string;
  /** Where the name and default were read. */
  readonly source: string;
}

export interface GroupTarget {
  admin: Admin;
  brokers: readonly string[];
  groupId: string;
  topic: string;
}

/** Reads a group's members and assignments, the way its kind of group must be asked. */
export interface MembershipReader {
  read(): Promise<GroupSample>;
  close(): Promise<void>;
}

/** A group's progress and lag per partition, read the way its kind of group must be asked. */
export interface OffsetsReader {
  read(): Promise<LagSample>;
  close(): Promise<void>;
}

/** How long the coordinator waits for a silent member before its partitions go to another, and who said so. */
export interface SessionTimeout {
  ms: number;
  source: string;
}

export interface GroupTypeProbe {
  /**
   * The group's session timeout: the members' own setting where the kind leaves it to them (`client`,
   * where the run knows it), else what the coordinator resolves for the group.
   */
  sessionTimeout(target: Pick<GroupTarget, 'brokers' | 'groupId'>, client: SessionTimeout | undefined): Promise<SessionTimeout>;
  membership(target: GroupTarget): MembershipReader;
  /** Group configs the scenario asks for, set before the first member joins. */
  configure(target: Pick<GroupTarget, 'brokers' | 'groupId'>, consumer: ConsumerCell): Promise<void>;
  /** Progress and lag per partition: the log end offset against how far the group has consumed. */
  offsets(target: GroupTarget): OffsetsReader;
}
