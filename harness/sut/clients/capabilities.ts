/**
 * What each consumer client can do, in one table: the scenario schema and the replica's own
 * flags both check a client, protocol and assignor against it, with the same words.
 */
import { CLIENTS, GROUP_PROTOCOLS, type ConsumerClientName, type GroupProtocol } from '../../model/journal.ts';

export { CLIENTS, GROUP_PROTOCOLS, type ConsumerClientName, type GroupProtocol };

/** Classic assignors run in the group leader; consumer-protocol assignors run in the broker. */
export const ASSIGNORS = ['range', 'roundrobin', 'cooperative-sticky', 'uniform'] as const;
export type Assignor = (typeof ASSIGNORS)[number];

export interface ClientCapabilities {
  readonly protocols: Partial<Record<GroupProtocol, readonly Assignor[]>>;
  /** Said after a refusal, e.g. why kafkajs has no cooperative assignor. */
  readonly note: string;
}

export const CLIENT_CAPABILITIES: Readonly<Record<ConsumerClientName, ClientCapabilities>> = {
  kafkajs: {
    protocols: { classic: ['range', 'roundrobin'] },
    note: 'kafkajs 2.2 speaks only the classic protocol with eager rebalancing',
  },
  java: {
    protocols: { classic: ['range', 'roundrobin', 'cooperative-sticky'], consumer: ['uniform', 'range'] },
    note: 'the Java client (kafka-clients 4.1) speaks both protocols',
  },
  platformatic: {
    protocols: { consumer: ['uniform', 'range'] },
    note: 'this harness runs @platformatic/kafka 1.x for its KIP-848 consumer protocol only',
  },
};

/** The default assignor of a protocol: what a file that names none gets. */
export const DEFAULT_ASSIGNOR: Readonly<Record<GroupProtocol, Assignor>> = { classic: 'range', consumer: 'uniform' };

export interface CapabilityProblem {
  field: 'groupProtocol' | 'assignor' | 'sessionTimeoutMs' | 'heartbeatIntervalMs';
  message: string;
}

/**
 * Every problem with one combination. `explicit` lists the client-side group timing settings the
 * user gave: the consumer protocol takes them from the broker instead.
 */
export function checkCombination(
  client: ConsumerClientName,
  protocol: GroupProtocol,
  assignor: string,
  explicit: { sessionTimeoutMs?: boolean; heartbeatIntervalMs?: boolean } = {},
): CapabilityProblem[] {
  const caps = CLIENT_CAPABILITIES[client];
  const problems: CapabilityProblem[] = [];
  const assignors = caps.protocols[protocol];
  if (!assignors) {
    const supported = Object.keys(caps.protocols).join(', ');
    problems.push({ field: 'groupProtocol', message: `client ${client} supports groupProtocol ${supported}, got ${JSON.stringify(protocol)} (${caps.note})` });
    return problems;
  }
  if (!(assignors as readonly string[]).includes(assignor)) {
    problems.push({ field: 'assignor', message: `client ${client} with groupProtocol ${protocol} supports assignor ${assignors.join(', ')}, got ${JSON.stringify(assignor)}` });
  }
  if (protocol === 'consumer') {
    for (const field of ['sessionTimeoutMs', 'heartbeatIntervalMs'] as const) {
      if (explicit[field]) {
        problems.push({
          field,
          message: `the consumer protocol takes no ${field} from the client (the broker sets group.consumer.session.timeout.ms and group.consumer.heartbeat.interval.ms; a scenario sets the group's heartbeat with groupHeartbeatIntervalMs)`,
        });
      }
    }
  }
  return problems;
}

/** `java-consumer-uniform`: a consumer variant's name in cell names and tables. */
export function variantName(client: ConsumerClientName, protocol: GroupProtocol, assignor: string): string {
  return `${client}-${protocol}-${assignor}`;
}
