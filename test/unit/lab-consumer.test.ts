import { afterEach, describe, expect, it } from 'vitest';
import { consumerFlags } from '../../harness/clients/flags.ts';
import { registerClient } from '../../harness/clients/registry.ts';
import { labConsumer, labGroupProtocolHelp } from '../../harness/lab/index.ts';

/** `npm run lab -- start --client X --group-protocol Y` (alias --group-type): which replicas in which group, decided without Kafka. */
const unregister: Array<() => void> = [];
afterEach(() => {
  while (unregister.length) unregister.pop()!();
});

describe('the lab consumer', () => {
  it('refuses a share group with kafkajs, naming both flags, why, and the clients that can', () => {
    expect(labConsumer({ client: 'kafkajs', groupProtocol: 'share' })).toEqual({
      problems: [
        '--client kafkajs cannot join a share group (--group-protocol share): kafkajs 2.2 speaks only the classic protocol with eager rebalancing; the lab runs share groups with --client java',
      ],
    });
    expect(labConsumer({ client: 'platformatic', groupProtocol: 'share' }).problems[0]).toMatch(
      /^--client platformatic cannot join a share group \(--group-protocol share\): .*; the lab runs share groups with --client java$/,
    );
  });

  it('names every client of the registry that joins the kind of group', () => {
    unregister.push(
      registerClient({
        name: 'sharer',
        groupTypes: { share: ['simple'] },
        note: 'joins share groups only',
        packages: {},
        labGroupType: 'share',
        launch: async (flags) => ({ command: 'sharer', args: flags }),
      }),
    );
    expect(labConsumer({ client: 'kafkajs', groupProtocol: 'share' }).problems[0]).toMatch(/the lab runs share groups with --client java or sharer$/);
    // A client whose own lab group type it is wins over the first that merely joins it.
    expect(labConsumer({ groupProtocol: 'share' }).consumer?.client).toBe('sharer');
  });

  it('with only --group-protocol share, picks java and says why', () => {
    const { consumer } = labConsumer({ groupProtocol: 'share' });
    expect(consumer).toMatchObject({
      client: 'java',
      groupProtocol: 'share',
      picked:
        '--group-protocol share: client java (the default, kafkajs, cannot join a share group: kafkajs 2.2 speaks only the classic protocol with eager rebalancing)',
    });
    // The replicas get the flags a run gives them; the group's configs come from the same cell.
    expect(consumerFlags(consumer!.cell)).toEqual([
      '--group-protocol',
      'share',
      '--assignor',
      'simple',
      '--metadata-max-age-ms',
      '5000',
      '--partitions-concurrently',
      '1',
    ]);
  });

  it("otherwise takes the client's own group type, and kafkajs when nothing is named", () => {
    const pick = (client?: string, groupProtocol?: string) => {
      const { consumer } = labConsumer({ client, groupProtocol });
      return consumer && [consumer.client, consumer.groupProtocol, consumer.picked ?? ''];
    };
    expect(pick()).toEqual(['kafkajs', 'classic', '']);
    expect(pick('java')).toEqual(['java', 'classic', '']);
    expect(pick('platformatic')).toEqual(['platformatic', 'consumer', '']);
    expect(pick(undefined, 'classic')).toEqual(['kafkajs', 'classic', '']);
    expect(pick(undefined, 'consumer')?.slice(0, 2)).toEqual(['platformatic', 'consumer']);
    expect(pick('java', 'share')).toEqual(['java', 'share', '']);
    expect(pick('java', 'consumer')).toEqual(['java', 'consumer', '']);
  });

  it('reports every bad value at once', () => {
    expect(labConsumer({ client: 'spring', groupProtocol: 'streams' }).problems).toEqual([
      '--client: expected kafkajs or java or platformatic, got spring',
      '--group-protocol: expected classic or consumer or share, got streams',
    ]);
  });

  it('names --group-type, not --group-protocol, when that is the alias typed', () => {
    expect(labConsumer({ client: 'kafkajs', groupProtocol: 'share', groupFlag: '--group-type' }).problems[0]).toMatch(
      /^--client kafkajs cannot join a share group \(--group-type share\)/,
    );
    expect(labConsumer({ groupProtocol: 'share', groupFlag: '--group-type' }).consumer?.picked).toMatch(/^--group-type share: client java/);
    expect(labConsumer({ groupProtocol: 'streams', groupFlag: '--group-type' }).problems).toEqual([
      '--group-type: expected classic or consumer or share, got streams',
    ]);
  });

  it('says in its help which clients join which kind of group', () => {
    expect(labGroupProtocolHelp()).toContain('share (java)');
  });
});
