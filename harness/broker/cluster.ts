/**
 * The nodes a fault can touch, behind one narrow interface (Trogdor's process faults need no
 * more): kill, stop, start, pause and resume a node, and resolve a role (the leader of a
 * topic's partition 0, a group's coordinator, the active quorum controller) to a node id when
 * the fault runs. The embedded cluster implements it; an external one (`--brokers`) refuses
 * every action, because the harness does not own those processes.
 */
import { Admin as PlatformaticAdmin, Connection, FindCoordinatorKeyTypes, describeQuorumV2 } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { HarnessError } from '../model/errors.ts';
import type { EmbeddedBroker } from './embedded.ts';
import type { NodeRole } from '../model/timeline/nodes.ts';

/** What a role is resolved against: the cell's topic and group. */
export interface RoleTarget {
  topic: string;
  groupId: string;
}

export interface ClusterNodes {
  /** false for an external cluster: every action below is refused. */
  readonly owned: boolean;
  readonly nodeIds: readonly number[];
  kill(nodeId: number): Promise<void>;
  stop(nodeId: number): Promise<void>;
  /** `wait`: until the node is back in the cluster's metadata (default); otherwise once its process runs. */
  start(nodeId: number, options?: { wait?: boolean }): Promise<void>;
  pause(nodeId: number): void;
  resume(nodeId: number): void;
  isRunning(nodeId: number): boolean;
  resolve(role: NodeRole, target: RoleTarget): Promise<number>;
  /** SIGCONT every paused node (Ctrl-C, teardown). */
  resumeAll(): void;
}

const ROLE_TIMEOUT_MS = 5_000;

export function embeddedCluster(broker: EmbeddedBroker): ClusterNodes {
  const ids = broker.layout.nodes.map((n) => n.nodeId);
  const known = (nodeId: number) => {
    if (!ids.includes(nodeId)) {
      throw new HarnessError('BAD_ARGUMENT', `there is no broker node ${nodeId} in this cluster (nodes: ${ids.join(', ')})`);
    }
    return nodeId;
  };
  return {
    owned: true,
    nodeIds: ids,
    kill: (id) => broker.killNode(known(id)),
    stop: (id) => broker.stopNode(known(id)),
    start: (id, options) => broker.startNode(known(id), options),
    pause: (id) => broker.pauseNode(known(id)),
    resume: (id) => broker.resumeNode(known(id)),
    isRunning: (id) => broker.isNodeRunning(id),
    resolve: (role, target) => resolveRole(broker.bootstrapServers.split(','), role, target),
    resumeAll: () => {
      for (const id of broker.pausedNodes()) broker.resumeNode(id);
    },
  };
}

export function externalCluster(bootstrapServers: string): ClusterNodes {
  const refuse = (): never => {
    throw notOwned(bootstrapServers);
  };
  return {
    owned: false,
    nodeIds: [],
    kill: async () => refuse(),
    stop: async () => refuse(),
    start: async () => refuse(),
    pause: refuse,
    resume: refuse,
    isRunning: () => true,
    resolve: (role, target) => resolveRole(bootstrapServers.split(','), role, target),
    resumeAll: () => {},
  };
}

export function notOwned(bootstrapServers: string, what = 'broker actions'): HarnessError {
  return new HarnessError(
    'BAD_ARGUMENT',
    `${what} need a cluster the harness started; ${bootstrapServers} (--brokers / KAFKA_BROKERS) is an external cluster whose processes it does not own`,
    {
      hint: 'leave --brokers and KAFKA_BROKERS unset so the run starts its own embedded cluster (`cluster: { nodes: 3 }` in the scenario), or remove the broker actions from the timeline',
    },
  );
}

/** A role is read when the fault runs: leadership and coordination move as faults happen. */
export async function resolveRole(brokers: string[], role: NodeRole, target: RoleTarget): Promise<number> {
  switch (role) {
    case 'leader': {
      const kafka = new Kafka({
        clientId: 'ksb-fault',
        brokers,
        logLevel: logLevel.NOTHING,
        retry: { retries: 2 },
        connectionTimeout: 2000,
        requestTimeout: ROLE_TIMEOUT_MS,
      });
      const admin = kafka.admin();
      try {
        await admin.connect();
        const { topics } = await admin.fetchTopicMetadata({ topics: [target.topic] });
        const leader = topics[0]?.partitions.find((p) => p.partitionId === 0)?.leader;
        if (leader === undefined || leader < 0) throw new Error(`partition 0 of ${target.topic} has no leader`);
        return leader;
      } finally {
        await admin.disconnect().catch(() => {});
      }
    }
    case 'coordinator':
    case 'controller': {
      const admin = new PlatformaticAdmin({ clientId: 'ksb-fault', bootstrapBrokers: brokers, retries: 2, timeout: ROLE_TIMEOUT_MS });
      try {
        if (role === 'coordinator') {
          const [found] = await admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [target.groupId] });
          if (!found) throw new Error(`no coordinator found for group ${target.groupId}`);
          return found.nodeId;
        }
        return await activeController(brokers);
      } finally {
        await admin.close().catch(() => undefined);
      }
    }
  }
}

/**
 * The active KRaft controller is the leader of the `__cluster_metadata` partition, which
 * DescribeQuorum (what `kafka-metadata-quorum describe --status` sends) reports; a broker
 * forwards the request to the controllers. Metadata's controller id is not it: in KRaft a broker
 * reports a random live broker there.
 */
async function activeController(brokers: string[]): Promise<number> {
  let last: unknown;
  for (const broker of brokers) {
    const [host, port] = [broker.slice(0, broker.lastIndexOf(':')), Number(broker.slice(broker.lastIndexOf(':') + 1))];
    const connection = new Connection('ksb-fault', { connectTimeout: 2000 });
    // A node killed mid-request resets the socket: the request fails (on close), the process must not.
    connection.on('error', () => undefined);
    try {
      await connection.connect(host, port);
      const response = await withTimeout(
        describeQuorumV2.api.async(connection, [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }]),
        ROLE_TIMEOUT_MS,
      );
      const leader = response.topics[0]?.partitions[0]?.leaderId;
      if (leader !== undefined && leader >= 0) return leader;
      last = new Error('the quorum has no leader');
    } catch (err) {
      last = err;
    } finally {
      void connection.close().catch(() => undefined);
    }
  }
  throw new Error(`cannot find the active controller: ${last instanceof Error ? last.message : String(last)}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
