import type { Argv } from 'yargs';
import { FlagProblems } from '../shared/flags.ts';
import { brokersFrom, topicFrom, DEFAULT_TOPIC } from '../shared/kafka.ts';
import { assignorNames, checkCombination, clientNames, replicaClientHelp } from '../../harness/clients/registry.ts';
import { findGroupType, groupTypeNames } from '../../harness/groups/registry.ts';

export type StoreKind = 'memory' | 'postgres';
export type WorkMode = 'sleep' | 'busy';

export interface InventoryOptions {
  /** Which consumer client runs this replica; java runs as its own JVM process (main.ts). */
  client: string;
  groupProtocol: string;
  assignor: string;
  port: number;
  host: string;
  /** Replica name in /stats; undefined means `inventory-<actual port>`. */
  name: string | undefined;
  brokers: string[];
  topic: string;
  groupId: string;
  store: StoreKind;
  pgUrl: string;
  pgTable: string;
  /** Simulated processing time per order; what a scenario turns to set a replica's capacity. */
  workMs: number;
  workMode: WorkMode;
  partitionsConcurrently: number;
  /** How late the consumer notices added partitions: the lab's "wait 2~3 minutes". */
  metadataMaxAgeMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  /** Where a group without committed offsets starts: true reads the whole topic. */
  fromBeginning: boolean;
  /** group.instance.id = the replica's name (KIP-345), where the client sets one. */
  staticMembership: boolean;
  /** Clients that take them (java; harness/clients descriptors' `settings`): undefined when not given. */
  maxPollRecords: number | undefined;
  shareAckMode: 'implicit' | 'explicit' | undefined;
  shareAcquireMode: 'batch_optimized' | 'record_limit' | undefined;
  journal: string | undefined;
}

export const INVENTORY_DEFAULTS = {
  client: 'kafkajs',
  groupProtocol: 'classic',
  port: 8082,
  host: '127.0.0.1',
  topic: DEFAULT_TOPIC,
  groupId: 'inventory',
  store: 'memory',
  pgUrl: 'postgres://postgres@127.0.0.1:5432/test',
  pgTable: 'inventory',
  workMs: 0,
  workMode: 'sleep',
  partitionsConcurrently: 1,
  metadataMaxAgeMs: 300_000,
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  fromBeginning: true,
} as const;

const d = INVENTORY_DEFAULTS;

export function declareInventoryFlags(cli: Argv): Argv {
  return cli.options({
    client: { type: 'string', default: d.client, describe: replicaClientHelp() },
    'group-protocol': { type: 'string', default: d.groupProtocol, describe: 'classic | consumer (KIP-848; java and platformatic) | share (KIP-932; java)' },
    assignor: {
      type: 'string',
      describe: 'classic: range | roundrobin | cooperative-sticky (java); consumer: uniform | range; share: simple (default: range, uniform, simple)',
    },
    port: { type: 'string', default: String(d.port), describe: 'HTTP port (0 picks a free one)' },
    host: { type: 'string', default: d.host, describe: 'HTTP interface to listen on' },
    name: { type: 'string', describe: 'replica name in /stats (default inventory-<port>)' },
    brokers: { type: 'string', describe: 'bootstrap servers host:port,... (default: KAFKA_BROKERS or 127.0.0.1:9092)' },
    topic: { type: 'string', default: d.topic, describe: 'topic with the OrderPlaced events' },
    group: { type: 'string', default: d.groupId, describe: 'consumer group id' },
    store: { type: 'string', default: d.store, describe: 'memory (stock per replica, the lab) | postgres (one shared table)' },
    'pg-url': { type: 'string', default: d.pgUrl, describe: 'Postgres connection string for --store postgres' },
    'pg-table': { type: 'string', default: d.pgTable, describe: 'stock table (and <table>_processed), created if missing' },
    'work-ms': { type: 'string', default: String(d.workMs), describe: 'processing time per order in ms' },
    'work-mode': { type: 'string', default: d.workMode, describe: 'sleep (awaited, I/O-like) | busy (CPU loop)' },
    'partitions-concurrently': {
      type: 'string',
      default: String(d.partitionsConcurrently),
      describe: 'partitions processed at once (kafkajs partitionsConsumedConcurrently)',
    },
    'metadata-max-age-ms': {
      type: 'string',
      default: String(d.metadataMaxAgeMs),
      describe: 'consumer metadata refresh period (when added partitions are noticed)',
    },
    // No yargs default: the consumer protocol refuses these, so "given" must be told from "defaulted".
    'session-timeout-ms': {
      type: 'string',
      describe: `how long the group waits for a silent member, classic protocol (default ${d.sessionTimeoutMs}; the broker allows 6000..)`,
    },
    'heartbeat-interval-ms': { type: 'string', describe: `heartbeat period, classic protocol; below the session timeout (default ${d.heartbeatIntervalMs})` },
    'rebalance-timeout-ms': { type: 'string', default: String(d.rebalanceTimeoutMs), describe: 'how long the group waits for members to rejoin' },
    'from-beginning': {
      type: 'boolean',
      default: d.fromBeginning,
      describe: 'a group without committed offsets starts at the oldest record (--no-from-beginning: the newest)',
    },
    'static-membership': {
      type: 'boolean',
      default: false,
      describe: 'static membership: group.instance.id = --name (java on both protocols, platformatic; kafkajs has none)',
    },
    // No yargs defaults: only the clients that take them may be given them (checkCombination).
    'max-poll-records': { type: 'string', describe: 'records per poll (java; default: about 1 s of --work-ms, at most 500)' },
    'share-ack-mode': { type: 'string', describe: 'share groups (java): implicit (the next poll accepts a batch) | explicit (ACCEPT each, REJECT poison)' },
    'share-acquire-mode': { type: 'string', describe: 'share groups (java): batch_optimized | record_limit (at most --max-poll-records acquired)' },
    journal: { type: 'string', describe: 'append one NDJSON line per processed record and rebalance to this file' },
  });
}

export function resolveInventoryOptions(args: Record<string, unknown>, env: NodeJS.ProcessEnv): InventoryOptions {
  const p = new FlagProblems('INVENTORY');
  const client = p.choice('client', args.client, clientNames());
  const groupProtocol = p.choice('group-protocol', args.groupProtocol, groupTypeNames());
  const assignor = args.assignor === undefined ? (findGroupType(groupProtocol)?.defaultAssignor ?? '') : p.choice('assignor', args.assignor, assignorNames());
  const options: InventoryOptions = {
    client,
    groupProtocol,
    assignor,
    port: p.integer('port', args.port, { min: 0, max: 65535 }),
    host: p.text('host', args.host, { pattern: /^[A-Za-z0-9.:_-]+$/, expected: 'a host name or IP address' }),
    name: args.name === undefined ? undefined : p.text('name', args.name, { pattern: /^[A-Za-z0-9._-]{1,100}$/, expected: 'a name of letters, digits, . _ -' }),
    brokers: brokersFrom(args.brokers, env, p),
    topic: topicFrom(args.topic, p),
    groupId: p.text('group', args.group, { pattern: /^[A-Za-z0-9._-]{1,249}$/, expected: 'a group id of letters, digits, . _ -' }),
    store: p.choice('store', args.store, ['memory', 'postgres'] as const),
    pgUrl: p.text('pg-url', args.pgUrl, { pattern: /^postgres(ql)?:\/\/\S+$/, expected: 'a postgres:// connection string' }),
    // The name goes into SQL as an identifier, so only plain lower-case names (63 bytes with the suffix).
    pgTable: p.text('pg-table', args.pgTable, { pattern: /^[a-z_][a-z0-9_]{0,50}$/, expected: 'a lower-case table name (a-z, 0-9, _; at most 51 characters)' }),
    workMs: p.number('work-ms', args.workMs, { min: 0, max: 60_000 }),
    workMode: p.choice('work-mode', args.workMode, ['sleep', 'busy'] as const),
    partitionsConcurrently: p.integer('partitions-concurrently', args.partitionsConcurrently, { min: 1, max: 1000 }),
    metadataMaxAgeMs: p.integer('metadata-max-age-ms', args.metadataMaxAgeMs, { min: 100 }),
    sessionTimeoutMs: p.integer('session-timeout-ms', args.sessionTimeoutMs ?? d.sessionTimeoutMs, { min: 1000, max: 3_600_000 }),
    heartbeatIntervalMs: p.integer('heartbeat-interval-ms', args.heartbeatIntervalMs ?? d.heartbeatIntervalMs, { min: 100, max: 3_600_000 }),
    rebalanceTimeoutMs: p.integer('rebalance-timeout-ms', args.rebalanceTimeoutMs, { min: 1000, max: 3_600_000 }),
    fromBeginning: p.boolean('from-beginning', args.fromBeginning),
    staticMembership: p.boolean('static-membership', args.staticMembership),
    maxPollRecords: args.maxPollRecords === undefined ? undefined : p.integer('max-poll-records', args.maxPollRecords, { min: 1, max: 100_000 }),
    shareAckMode: args.shareAckMode === undefined ? undefined : p.choice('share-ack-mode', args.shareAckMode, ['implicit', 'explicit'] as const),
    shareAcquireMode:
      args.shareAcquireMode === undefined ? undefined : p.choice('share-acquire-mode', args.shareAcquireMode, ['batch_optimized', 'record_limit'] as const),
    journal: args.journal === undefined ? undefined : p.text('journal', args.journal, { pattern: /\S/, expected: 'a file path' }),
  };
  if (p.isEmpty()) {
    const flag = {
      groupProtocol: 'group-protocol',
      assignor: 'assignor',
      sessionTimeoutMs: 'session-timeout-ms',
      heartbeatIntervalMs: 'heartbeat-interval-ms',
      staticMembership: 'static-membership',
      maxPollRecords: 'max-poll-records',
      shareAckMode: 'share-ack-mode',
      shareAcquireMode: 'share-acquire-mode',
    } as const;
    const explicit = {
      sessionTimeoutMs: args.sessionTimeoutMs !== undefined,
      heartbeatIntervalMs: args.heartbeatIntervalMs !== undefined,
      staticMembership: args.staticMembership === true,
      maxPollRecords: args.maxPollRecords !== undefined,
      shareAckMode: args.shareAckMode !== undefined,
      shareAcquireMode: args.shareAcquireMode !== undefined,
    };
    for (const problem of checkCombination(client, groupProtocol, assignor, explicit)) p.say(flag[problem.field], problem.message);
  }
  if (options.heartbeatIntervalMs >= options.sessionTimeoutMs) {
    p.add('heartbeat-interval-ms', `less than --session-timeout-ms (${options.sessionTimeoutMs})`, args.heartbeatIntervalMs);
  }
  if (options.staticMembership && options.name === undefined) {
    p.add('static-membership', 'a --name as well (the group.instance.id must be stable across restarts, not the port)', true);
  }
  p.throwIfAny();
  return options;
}
