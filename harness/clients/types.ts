/**
 * A consumer client, OMB's driver idea across a process boundary: one folder per client with a
 * descriptor of plain facts (the group types and assignors it can run, why not the others, the
 * library versions a run records, whether the lab offers it) and how one replica of it starts.
 * Every client takes the same replica flags and writes the same journal (harness/model/journal.ts),
 * so the orchestrator never knows which one it runs.
 */

/** Consumer settings a scenario may give that only some clients take, and some only under some group types. */
export const CLIENT_SETTINGS = ['maxPollRecords', 'shareAckMode', 'shareAcquireMode'] as const;
export type ClientSetting = (typeof CLIENT_SETTINGS)[number];

export interface ReplicaLaunch {
  command: string;
  args: string[];
}

export interface ConsumerClientDescriptor {
  /** The name a scenario, `--client` and the journal use. */
  readonly name: string;
  /** Group type name -> the assignors this client runs there (its first is not the default: the group type says that). */
  readonly groupTypes: Readonly<Record<string, readonly string[]>>;
  /**
   * The settings of CLIENT_SETTINGS this client takes, each with the group types it takes it under;
   * a setting not listed is refused (checkCombination).
   */
  readonly settings?: Readonly<Partial<Record<ClientSetting, readonly string[]>>>;
  /** Said after a refusal: why the client does not do what was asked. */
  readonly note: string;
  /**
   * Static membership (KIP-345 `group.instance.id`, the replica's stable name): the group types
   * where the client sets it, and why not elsewhere (said when a scenario asks for it). Absent: none.
   */
  readonly staticMembership?: { readonly groupTypes: readonly string[]; readonly note: string };
  /** run.json's `versions` key -> the npm package whose version it records; {} where the version is the broker's. */
  readonly packages: Readonly<Record<string, string>>;
  /** Its library is Kafka's own kafka-clients, of the release it is launched with (a scenario's kafkaClientsVersion). */
  readonly kafkaJars?: boolean;
  /**
   * The group type its lab replicas join unless `npm run lab -- start --group-protocol` names
   * another of its `groupTypes`; absent where the lab does not offer the client.
   */
  readonly labGroupType?: string;
  /**
   * The command that starts one replica with these flags (services/inventory/options.ts).
   * `kafkaVersion`: the Kafka release a client built on Kafka's own jars runs (the broker's);
   * the others ignore it.
   */
  launch(flags: string[], context?: LaunchContext): Promise<ReplicaLaunch>;
}

export interface LaunchContext {
  readonly kafkaVersion?: string | undefined;
}
