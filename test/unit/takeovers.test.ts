import { describe, expect, it } from 'vitest';
import { needsTakeover, takeoverOf, takeovers, unseenTakeoverNote } from '../../harness/analysis/takeovers.ts';
import type { ExecutedAction } from '../../harness/model/raw-cell.ts';
import type { GroupSample } from '../../harness/model/samples.ts';

const kill: ExecutedAction = { event: { at: 28, action: 'killReplica', replica: 0 }, plannedAt: 28_000, executedAt: 28_000, replica: 'replica-0' };
const sample = (at: number, members: Array<[string, number[]]>): GroupSample => ({
  at,
  state: 'Stable',
  members: members.map(([id, partitions]) => ({ memberId: id, clientId: 'same-client-id', partitions })),
});
// Two members with one client id (Spring's default): the run's memberId -> replica map tells them apart.
const names: Record<string, string> = { m0: 'replica-0', m1: 'replica-1' };
const name = (memberId: string) => names[memberId] ?? memberId;

describe('takeovers after a kill', () => {
  it('a kill always needs one; a pause only past the session timeout', () => {
    expect(needsTakeover(kill, 45_000)).toBe(true);
    const pause = (forS: number): ExecutedAction => ({
      event: { at: 5, action: 'pauseReplica', replica: 1, forS },
      plannedAt: 5000,
      executedAt: 5000,
      replica: 'replica-1',
    });
    expect(needsTakeover(pause(10), 45_000)).toBe(false);
    expect(needsTakeover(pause(50), 45_000)).toBe(true);
    expect(needsTakeover({ ...kill, error: 'replica-0 is not running' }, 45_000)).toBe(false);
  });

  it('is seen at the first sample in which another member owns every partition the killed one held', () => {
    const group = [
      sample(27_000, [
        ['m0', [0]],
        ['m1', [1]],
      ]),
      // Until its session times out the killed member is still listed with its partition.
      sample(50_000, [
        ['m0', [0]],
        ['m1', [1]],
      ]),
      sample(73_200, [['m1', [0, 1]]]),
      sample(73_450, [['m1', [0, 1]]]),
    ];
    expect(takeoverOf(kill, group, name)).toEqual({ partitions: [0], memberId: 'm0', takenOverAt: 73_200 });
    const [t] = takeovers([{ action: 0, sessionTimeoutMs: 45_000, sessionTimeoutSource: 'system.sessionTimeoutMs', until: 83_000 }], [kill], group, name);
    expect(t).toMatchObject({ action: 'killReplica(replica-0)', partitions: [0], takenOverAt: 73_200, takeoverMs: 45_200 });
  });

  it('is null when the run ended first, and says so with the session timeout and where it came from', () => {
    const group = [
      sample(27_000, [
        ['m0', [0]],
        ['m1', [1]],
      ]),
      sample(60_000, [
        ['m0', [0]],
        ['m1', [1]],
      ]),
    ];
    const [t] = takeovers(
      [{ action: 0, sessionTimeoutMs: 45_000, sessionTimeoutSource: "the broker's group.consumer.session.timeout.ms", until: 83_000 }],
      [kill],
      group,
      name,
    );
    expect(t).toMatchObject({ takenOverAt: null, takeoverMs: null });
    expect(unseenTakeoverNote(t!, 0)).toBe(
      "killReplica(replica-0) at 28 s: partitions [0] not taken over before the end (session timeout 45 s, the broker's group.consumer.session.timeout.ms)",
    );
  });

  it('an idle member leaves nothing to take over', () => {
    const group = [
      sample(27_000, [
        ['m0', []],
        ['m1', [0]],
      ]),
    ];
    expect(takeovers([{ action: 0, sessionTimeoutMs: 45_000, sessionTimeoutSource: 'x', until: 1 }], [kill], group, name)).toEqual([]);
  });
});
