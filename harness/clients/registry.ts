/**
 * The consumer clients the harness knows, found by name: the scenario schema's enums, the
 * replica's --client flag, `npm run lab -- --client`, run.json's versions and the variant name
 * all read this list. Adding a client is one folder and one line below.
 */
import { findGroupType } from '../groups/registry.ts';
import { HarnessError } from '../model/errors.ts';
import { java } from './java/descriptor.ts';
import { kafkajs } from './kafkajs/descriptor.ts';
import { platformatic } from './platformatic/descriptor.ts';
import { CLIENT_SETTINGS, type ClientSetting, type ConsumerClientDescriptor } from './types.ts';

const REGISTRY = new Map<string, ConsumerClientDescriptor>([kafkajs, java, platformatic].map((c) => [c.name, c]));

/** Adds a client (a plugin, a test's fake); returns what takes it out again. */
export function registerClient(descriptor: ConsumerClientDescriptor): () => void {
  REGISTRY.set(descriptor.name, descriptor);
  return () => REGISTRY.delete(descriptor.name);
}

export function clientNames(): string[] {
  return [...REGISTRY.keys()];
}

export function clients(): ConsumerClientDescriptor[] {
  return [...REGISTRY.values()];
}

export function client(name: string): ConsumerClientDescriptor {
  const found = REGISTRY.get(name);
  if (!found) throw new HarnessError('BAD_ARGUMENT', `unknown consumer client ${JSON.stringify(name)}: expected one of ${clientNames().join(', ')}`);
  return found;
}

/** Every assignor some client runs under some group type: the scenario schema's assignor enum. */
export function assignorNames(): string[] {
  return [...new Set(clients().flatMap((c) => Object.values(c.groupTypes).flat()))];
}

/** The clients the lab offers, with the group type each runs there. */
export function labClients(): ConsumerClientDescriptor[] {
  return clients().filter((c) => c.labGroupType !== undefined);
}

export interface CapabilityProblem {
  field: 'groupProtocol' | 'assignor' | 'sessionTimeoutMs' | 'heartbeatIntervalMs' | 'staticMembership' | ClientSetting;
  message: string;
}

/** The consumer settings a user gave (rather than left to their defaults). */
export type ExplicitSettings = Partial<Record<'sessionTimeoutMs' | 'heartbeatIntervalMs' | 'staticMembership' | ClientSetting, boolean>>;

/**
 * Every problem with one combination. `explicit` lists the settings the user gave: a group type
 * without client timings takes them from the broker instead, and a client setting
 * (CLIENT_SETTINGS) needs a client that takes it under that group type.
 */
export function checkCombination(clientName: string, protocol: string, assignor: string, explicit: ExplicitSettings = {}): CapabilityProblem[] {
  const c = client(clientName);
  const problems: CapabilityProblem[] = [];
  const assignors = c.groupTypes[protocol];
  if (!assignors) {
    const supported = Object.keys(c.groupTypes).join(', ');
    problems.push({ field: 'groupProtocol', message: `client ${c.name} supports groupProtocol ${supported}, got ${JSON.stringify(protocol)} (${c.note})` });
    return problems;
  }
  if (!assignors.includes(assignor)) {
    problems.push({
      field: 'assignor',
      message: `client ${c.name} with groupProtocol ${protocol} supports assignor ${assignors.join(', ')}, got ${JSON.stringify(assignor)}`,
    });
  }
  if (explicit.staticMembership && !c.staticMembership?.groupTypes.includes(protocol)) {
    const why = c.staticMembership?.note ?? `client ${c.name} does not set group.instance.id`;
    problems.push({ field: 'staticMembership', message: `client ${c.name} has no static membership with groupProtocol ${protocol} (${why})` });
  }
  const type = findGroupType(protocol);
  if (type && !type.clientTimings) {
    for (const field of ['sessionTimeoutMs', 'heartbeatIntervalMs'] as const) {
      if (explicit[field])
        problems.push({ field, message: `the ${type.name} protocol takes no ${field} from the client (${type.timingsNote ?? 'the broker sets it'})` });
    }
  }
  for (const field of CLIENT_SETTINGS) {
    if (!explicit[field]) continue;
    const under = c.settings?.[field];
    if (!under) {
      const takers = clients().filter((other) => other.settings?.[field]);
      const who = takers.length > 0 ? `; ${takers.map((t) => `${t.name} (${t.settings?.[field]?.join(', ')})`).join(', ')} does` : '';
      problems.push({ field, message: `client ${c.name} takes no ${field}${who}` });
    } else if (!under.includes(protocol)) {
      problems.push({ field, message: `client ${c.name} takes ${field} only with groupProtocol ${under.join(', ')}, not ${protocol}` });
    }
  }
  return problems;
}

/** The help of `npm run lab -- --client`, from the clients the lab offers. */
export const labClientHelp = (): string =>
  `the replicas' consumer client: ${labClients()
    .map((c) => c.name)
    .join(' | ')}`;

/** The help of a replica's `--client`, from every registered client. */
export const replicaClientHelp = (): string => `consumer client: ${clientNames().join(' | ')}`;
