/**
 * The `system` section of a scenario, validated by harness/scenario/system.ts: what the run
 * measures. `managed` is the project's own order service and inventory replicas; `external` is
 * any consumer group, started by an argv template or scaled by one, watched through Kafka alone.
 */

export interface ManagedSystemSpec {
  kind: 'managed';
}

export interface ExternalSystemSpec {
  kind: 'external';
  /** A template with {run}, {cell}, {repeat}. */
  topic: string;
  group: string;
  /** The run creates the topic (and deletes it at the end); false: an existing topic, never deleted. */
  createTopic: boolean;
  /** The kind of group the replicas join (a name of harness/groups/registry.ts); left out, it is found from Kafka. */
  groupProtocol?: string | undefined;
  orders: {
    http?: { url: string; body: string } | undefined;
    kafka?: Record<string, never> | undefined;
  };
  replicas: {
    command?: string[] | undefined;
    scale?: string[] | undefined;
    /** How long a started replica has to appear as a new member of the group. */
    joinTimeoutS: number;
  };
  stockUrl?: string | undefined;
  /** The replicas' session.timeout.ms when their group is classic (the members set it, Kafka does not report it). */
  sessionTimeoutMs?: number | undefined;
}

export type SystemSpec = ManagedSystemSpec | ExternalSystemSpec;

/**
 * What a kind of system can do, asked instead of comparing kinds: the analysis, the CSV writers
 * and the run read these, from a raw record's spec alone.
 */
export interface SystemCapabilities {
  /** Its replicas write the journal (harness/model/journal.ts): the journal's figures exist. */
  readonly writesJournal: boolean;
  /** The harness runs the order service, so the load goes to it by HTTP. */
  readonly hasOrderService: boolean;
  /** A member's client id names its replica; otherwise the harness names members by the process that brought them. */
  readonly membersNameThemselves: boolean;
  /** Topic settings the run adds to a topic it creates for this kind of system. */
  readonly createdTopicConfig: readonly { name: string; value: string }[];
}

const CAPABILITIES: Readonly<Record<SystemSpec['kind'], SystemCapabilities>> = {
  managed: { writesJournal: true, hasOrderService: true, membersNameThemselves: true, createdTopicConfig: [] },
  // Record timestamps are the broker's append times, so the tap's lag seconds and e2e bound do not
  // depend on the producer's clock.
  external: {
    writesJournal: false,
    hasOrderService: false,
    membersNameThemselves: false,
    createdTopicConfig: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }],
  },
};

/** A scenario without a `system` section measures the project's own services. */
export const capabilitiesOf = (spec: SystemSpec | undefined): SystemCapabilities => CAPABILITIES[spec?.kind ?? 'managed'];
