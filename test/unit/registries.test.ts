import { afterEach, describe, expect, it } from 'vitest';
import { checkCombination, clientNames, labClientHelp, registerClient, replicaClientHelp } from '../../harness/clients/registry.ts';
import type { ConsumerClientDescriptor } from '../../harness/clients/types.ts';
import { registerGroupType } from '../../harness/groups/registry.ts';
import type { GroupTypeDescriptor } from '../../harness/groups/types.ts';
import { expand } from '../../harness/scenario/expand.ts';
import { formatIssue } from '../../harness/scenario/issues.ts';
import { validateScenario } from '../../harness/scenario/validate.ts';

/**
 * A client and a kind of group added the way a new one is added (one descriptor each, registered by
 * name), with no other edit: the scenario schema, the combination check, the help texts and the
 * variant name all find them.
 */
const fakeGroup: GroupTypeDescriptor = {
  name: 'fakegroup',
  label: 'fake group',
  defaultAssignor: 'spread',
  clientTimings: false,
  timingsNote: 'fakegroup members take their timings from the broker',
  groupHeartbeat: false,
  ownership: 'shared',
  isSettled: (sample, members) => sample.members.length === members,
  probe: () => Promise.reject(new Error('not read in a unit test')),
};
const fakeClient: ConsumerClientDescriptor = {
  name: 'fakeclient',
  groupTypes: { fakegroup: ['spread', 'range'] },
  note: 'fakeclient only joins fakegroup groups',
  packages: {},
  labGroupType: 'fakegroup',
  launch: async (flags) => ({ command: 'fake-replica', args: flags }),
};

const unregister: Array<() => void> = [];
afterEach(() => {
  while (unregister.length) unregister.pop()!();
});
const register = () => unregister.push(registerGroupType(fakeGroup), registerClient(fakeClient));

const scenario = (consumer: Record<string, unknown>) => ({ topology: { partitions: 1, replicas: 3, consumer }, load: { rate: 10, durationS: 5 } });
const issues = (consumer: Record<string, unknown>) => {
  const r = validateScenario(scenario(consumer), 'fake.yaml');
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe('registries of clients and group types', () => {
  it('an unregistered name is refused, naming the known ones', () => {
    expect(issues({ client: 'fakeclient' })).toEqual(['fake.yaml: topology.consumer.client: expected one of kafkajs, java, platformatic, got "fakeclient"']);
    expect(issues({ client: 'java', groupProtocol: 'fakegroup' })).toEqual([
      'fake.yaml: topology.consumer.groupProtocol: expected one of classic, consumer, share, got "fakegroup"',
    ]);
  });

  it("a registered client and group type are valid in a scenario, with the group type's default assignor", () => {
    register();
    const v = validateScenario(scenario({ client: 'fakeclient', groupProtocol: 'fakegroup' }), 'fake.yaml');
    if (!v.ok) throw new Error(v.issues.map(formatIssue).join('\n'));
    const [cell] = expand(v.scenario);
    expect(cell!.topology.consumer).toMatchObject({
      client: 'fakeclient',
      groupProtocol: 'fakegroup',
      assignor: 'spread',
      sessionTimeoutMs: null,
      heartbeatIntervalMs: null,
      groupHeartbeatIntervalMs: null,
    });
    expect(clientNames()).toContain('fakeclient');
  });

  it('an unsupported combination names what the client can do and why', () => {
    register();
    expect(issues({ client: 'fakeclient', groupProtocol: 'classic' })).toEqual([
      'fake.yaml: topology.consumer.groupProtocol: client fakeclient supports groupProtocol fakegroup, got "classic"',
    ]);
    expect(checkCombination('fakeclient', 'classic', 'range')[0]!.message).toContain('(fakeclient only joins fakegroup groups)');
    expect(issues({ client: 'fakeclient', groupProtocol: 'fakegroup', assignor: 'roundrobin' })).toEqual([
      'fake.yaml: topology.consumer.assignor: client fakeclient with groupProtocol fakegroup supports assignor spread, range, got "roundrobin"',
    ]);
    expect(issues({ client: 'fakeclient', groupProtocol: 'fakegroup', sessionTimeoutMs: 10000 })).toEqual([
      'fake.yaml: topology.consumer.sessionTimeoutMs: the fakegroup protocol takes no sessionTimeoutMs from the client (fakegroup members take their timings from the broker), got 10000',
    ]);
    // The shipped clients refuse the new group type with their own words.
    expect(issues({ client: 'kafkajs', groupProtocol: 'fakegroup' })).toEqual([
      'fake.yaml: topology.consumer.groupProtocol: client kafkajs supports groupProtocol classic, got "fakegroup"',
    ]);
  });

  it('the --client help of the lab and of a replica list it', () => {
    expect(labClientHelp()).not.toContain('fakeclient');
    register();
    expect(labClientHelp()).toBe("the replicas' consumer client: kafkajs | java | platformatic | fakeclient");
    expect(replicaClientHelp()).toBe('consumer client: kafkajs | java | platformatic | fakeclient');
  });

  it('the cell is named after its variant', () => {
    register();
    const v = validateScenario(
      { ...scenario({}), topology: { partitions: 1, replicas: 2, consumer: [{ client: 'fakeclient', groupProtocol: 'fakegroup' }, { client: 'kafkajs' }] } },
      'fake.yaml',
    );
    if (!v.ok) throw new Error(v.issues.map(formatIssue).join('\n'));
    expect(expand(v.scenario).map((c) => c.name)).toEqual(['p1-r2-rate10-fakeclient-fakegroup-spread', 'p1-r2-rate10-kafkajs-classic-range']);
  });
});
