/**
 * What restartReplica and rollingRestart share: a step's "ready" (every replica it brought back
 * is a member the group did not have before the step, with its assignment, and the group holds
 * every partition again), the wait for it, and the failure that keeps the steps done so far.
 */
import { memberNamer } from '../../analysis/member-name.ts';
import { isHarnessError } from '../../model/errors.ts';
import type { GroupSample } from '../../model/samples.ts';
import type { RestartStep } from '../../model/timeline/spec.ts';
import { takeoverWaitMs } from '../../model/timeline/takeover.ts';
import { ActionFailed, type ActionContext } from './types.ts';

const POLL_MS = 250;

/** Member ids per replica name, as the group holds them now: the ids a step's replicas must come back without. */
export async function membersByName(ctx: ActionContext): Promise<Map<string, Set<string>>> {
  const sample = await ctx.group.readMembers().catch(() => undefined);
  const name = memberNamer(Object.fromEntries(ctx.system.members ?? []), ctx.system.capabilities.membersNameThemselves);
  const byName = new Map<string, Set<string>>();
  for (const m of sample?.members ?? []) {
    const n = name(m.memberId, m.clientId);
    byName.set(n, (byName.get(n) ?? new Set()).add(m.memberId));
  }
  return byName;
}

/**
 * Until every name in `names` is a member with an id it did not have before, and the group is
 * settled with `members` members over every partition; the time it was seen, or null.
 */
export async function waitReady(
  ctx: ActionContext,
  names: readonly string[],
  before: Map<string, Set<string>>,
  members: number,
  timeoutMs: number,
): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  const partitions = await partitionCount(ctx);
  while (Date.now() < deadline && !ctx.signal.aborted) {
    const sample = await ctx.group.readMembers().catch((err: unknown) => {
      if (isHarnessError(err)) throw err;
      return undefined;
    });
    if (sample && isReady(sample, ctx, names, before) && ctx.group.isSettled(sample, members, partitions)) return Date.now();
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return null;
}

function isReady(sample: GroupSample, ctx: ActionContext, names: readonly string[], before: Map<string, Set<string>>): boolean {
  const name = memberNamer(Object.fromEntries(ctx.system.members ?? []), ctx.system.capabilities.membersNameThemselves);
  return names.every((n) => sample.members.some((m) => name(m.memberId, m.clientId) === n && !before.get(n)?.has(m.memberId)));
}

async function partitionCount(ctx: ActionContext): Promise<number> {
  const { topics } = await ctx.admin.fetchTopicMetadata({ topics: [ctx.topic] });
  return topics[0]?.partitions.length ?? 0;
}

/**
 * How long a step may take to be ready: readyTimeoutS, or, where Kafka makes the group wait for
 * a static member's session to lapse (one stopped for good: it sends no leave), that session
 * timeout and the takeover margin if longer. Said when it is so.
 */
export async function readyWaitMs(ctx: ActionContext, readyTimeoutS: number, stopsStaticMembers: boolean): Promise<number> {
  const ms = readyTimeoutS * 1000;
  if (!stopsStaticMembers || !ctx.staticMembership) return ms;
  const session = await ctx.sessionTimeout();
  const wait = takeoverWaitMs(session.ms);
  if (wait <= ms) return ms;
  ctx.note?.(
    `a static member stopped for good keeps its partitions until its session times out (${session.ms / 1000} s, ${session.source}): waiting up to ${Math.round(wait / 1000)} s, past readyTimeoutS (${readyTimeoutS} s), for the step to be ready`,
  );
  return wait;
}

/** A step that did not become ready ends the deploy (Kubernetes halts a rollout the same way), keeping the steps so far. */
export function notReady(action: string, step: RestartStep, steps: RestartStep[], waitedMs: number, ctx: ActionContext): never {
  const what = [...step.replicas, ...(step.started ?? [])].join(', ');
  throw new ActionFailed(
    ctx.signal.aborted
      ? `${action}: interrupted while ${what} came back`
      : `${action}: ${what} not back in the group with its assignment within ${Math.round(waitedMs / 1000)} s (readyTimeoutS)`,
    { steps },
  );
}
