import { clientNames, labClients } from '../clients/registry.ts';
import type { ConsumerClientDescriptor } from '../clients/types.ts';
import { findGroupType, groupTypeNames } from '../groups/registry.ts';
import type { ConsumerCell } from '../model/scenario.ts';
import { LAB_DEFAULTS } from './state.ts';

/**
 * Which client the lab's replicas run and which kind of group they join, from `--client` and
 * `--group-protocol` (either, both or neither). Pure: the registries say what each client joins.
 */
export interface LabConsumer {
  client: string;
  groupProtocol: string;
  /** The consumer settings as a cell's (defaults everywhere): the replica flags and the group's configs come from it as in a run. */
  cell: ConsumerCell;
  /** Said when start picked the client: which one and why not the default. */
  picked?: string;
}

export interface LabConsumerAsked {
  client?: string | undefined;
  groupProtocol?: string | undefined;
  /** The flag as the user typed it (`--group-type` is an alias): the messages name that one. Default `--group-protocol`. */
  groupFlag?: string | undefined;
}

/** The consumer for these flags, or every problem with them (flag: what was expected). */
export function labConsumer(asked: LabConsumerAsked): { consumer: LabConsumer; problems: [] } | { consumer?: undefined; problems: string[] } {
  const problems: string[] = [];
  const offered = labClients();
  const { client: clientName, groupProtocol } = asked;
  const flag = asked.groupFlag ?? '--group-protocol';
  const named = clientName === undefined ? undefined : offered.find((c) => c.name === clientName);
  if (clientName !== undefined && !named) {
    const why = clientNames().includes(clientName) ? ` (the lab does not run ${clientName} replicas)` : '';
    problems.push(`--client: expected ${offered.map((c) => c.name).join(' or ')}, got ${clientName}${why}`);
  }
  const type = groupProtocol === undefined ? undefined : findGroupType(groupProtocol);
  if (groupProtocol !== undefined && !type) problems.push(`${flag}: expected ${groupTypeNames().join(' or ')}, got ${groupProtocol}`);
  if (problems.length > 0) return { problems };

  if (!type) {
    const c = named ?? defaultClient(offered);
    return { consumer: resolved(c, c.labGroupType!), problems: [] };
  }
  const joiners = offered.filter((c) => c.groupTypes[type.name]);
  if (named) {
    if (named.groupTypes[type.name]) return { consumer: resolved(named, type.name), problems: [] };
    const others = joiners.length > 0 ? `; the lab runs ${type.label}s with --client ${joiners.map((c) => c.name).join(' or ')}` : '';
    return { problems: [`--client ${named.name} cannot join a ${type.label} (${flag} ${type.name}): ${named.note}${others}`] };
  }
  const fallback = defaultClient(offered);
  if (fallback.groupTypes[type.name]) return { consumer: resolved(fallback, type.name), problems: [] };
  // The client whose own lab group type this is, else the first that joins it.
  const c = joiners.find((j) => j.labGroupType === type.name) ?? joiners[0];
  if (!c) return { problems: [`${flag} ${type.name}: no client the lab offers joins a ${type.label}`] };
  const picked = `${flag} ${type.name}: client ${c.name} (the default, ${fallback.name}, cannot join a ${type.label}: ${fallback.note})`;
  return { consumer: { ...resolved(c, type.name), picked }, problems: [] };
}

/** The help of `npm run lab -- start --group-protocol`, from the registries. */
export function labGroupProtocolHelp(): string {
  const by = groupTypeNames().map((name) => {
    const joiners = labClients().filter((c) => c.groupTypes[name]);
    return `${name} (${joiners.length > 0 ? joiners.map((c) => c.name).join(', ') : 'no lab client'})`;
  });
  return `the kind of group the replicas join: ${by.join(' | ')}; default: the client's own (${labClients()
    .map((c) => `${c.name} ${c.labGroupType}`)
    .join(', ')}); without --client, a client that joins it`;
}

function defaultClient(offered: ConsumerClientDescriptor[]): ConsumerClientDescriptor {
  return offered.find((c) => c.name === LAB_DEFAULTS.client) ?? offered[0]!;
}

function resolved(c: ConsumerClientDescriptor, groupProtocol: string): LabConsumer {
  return { client: c.name, groupProtocol, cell: labConsumerCell(c.name, groupProtocol) };
}

/** The lab's consumer settings: every default, the group type's assignor, the lab's short metadata max age. */
function labConsumerCell(client: string, groupProtocol: string): ConsumerCell {
  return {
    client,
    groupProtocol,
    assignor: findGroupType(groupProtocol)!.defaultAssignor,
    metadataMaxAgeMs: LAB_DEFAULTS.metadataMaxAgeMs,
    sessionTimeoutMs: null,
    heartbeatIntervalMs: null,
    groupHeartbeatIntervalMs: null,
    partitionsConsumedConcurrently: 1,
  };
}
