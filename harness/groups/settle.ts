import { isHarnessError } from '../model/errors.ts';
import type { GroupSample } from '../model/samples.ts';
import type { WatchedGroup } from './open.ts';

const POLL_MS = 250;

export interface SettleResult {
  settled: boolean;
  /** The last sample read, settled or not; undefined when no read answered. */
  last: GroupSample | undefined;
}

/**
 * Polls the coordinator until every expected member is in the group and every partition is held
 * as its kind of group holds them, or the time runs out, or the signal aborts.
 */
export async function waitUntilSettled(
  group: WatchedGroup,
  members: number,
  partitions: number,
  o: { timeoutMs: number; signal?: AbortSignal },
): Promise<SettleResult> {
  const deadline = Date.now() + o.timeoutMs;
  let last: GroupSample | undefined;
  while (Date.now() < deadline && !o.signal?.aborted) {
    // A failed read is retried; a group Kafka says is of another kind is not.
    last = await group.readMembers().catch((err: unknown) => {
      if (isHarnessError(err)) throw err;
      return last;
    });
    if (last && group.isSettled(last, members, partitions)) return { settled: true, last };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return { settled: false, last };
}

/** `Stable with 2 member(s) owning [0, 1]`, for the message of a group that did not settle. */
export const describeSample = (s: GroupSample | undefined): string =>
  s ? `${s.state} with ${s.members.length} member(s) owning [${s.members.flatMap((m) => m.partitions).join(', ')}]` : 'nothing';
