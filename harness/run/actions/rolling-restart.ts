/**
 * rollingRestart: a deploy. Without maxSurge, batches of maxUnavailable replicas are restarted in
 * place (SIGTERM, exit, start with the same index, port and name) and each batch waits until its
 * members have their assignment again before the pause and the next. With maxSurge, a step first
 * starts new replicas, waits until they are ready, then stops old ones for good and starts the
 * rest of their replacements, never above the replicas plus maxSurge nor below minus maxUnavailable.
 */
import type { RestartStep } from '../../model/timeline/spec.ts';
import { pauseFor } from './broker-node.ts';
import { membersByName, notReady, readyWaitMs, waitReady } from './restart.ts';
import type { ActionContext, ActionExecution } from './types.ts';

export const rollingRestart: ActionExecution<'rollingRestart'> = async (e, ctx) => {
  const { system } = ctx;
  const targets = e.replicas ?? system.running().map((r) => r.index);
  const names = targets.map((i) => system.replicas[i]?.name ?? String(i));
  const steps: RestartStep[] = [];
  const batch = e.maxSurge > 0 ? e.maxSurge + e.maxUnavailable : e.maxUnavailable;
  const describe = `rollingRestart(${names.join('+')})`;
  for (let from = 0; from < targets.length && !ctx.signal.aborted; from += batch) {
    if (from > 0 && e.pauseS > 0) await pauseFor(e.pauseS * 1000, ctx.signal);
    if (ctx.signal.aborted) break;
    const indices = targets.slice(from, from + batch);
    const step =
      e.maxSurge > 0
        ? await surgeStep(indices, e.maxSurge, e.readyTimeoutS, ctx, steps, describe)
        : await inPlaceStep(indices, e.readyTimeoutS, ctx, steps, describe);
    steps.push(step);
  }
  return { replica: names.join('+'), steps };
};

async function inPlaceStep(indices: number[], readyTimeoutS: number, ctx: ActionContext, steps: RestartStep[], action: string): Promise<RestartStep> {
  const { system } = ctx;
  const at = Date.now();
  const before = await membersByName(ctx);
  const restarted = await Promise.all(indices.map((i) => system.restartReplica(i, at)));
  const restarts = restarted.map((r) => r.record.restarts!.at(-1)!);
  const step: RestartStep = {
    replicas: restarted.map((r) => r.name),
    at,
    exitedAt: Math.max(...restarts.map((r) => r.exitedAt)),
    startedAt: Math.max(...restarts.map((r) => r.startedAt)),
    readyAt: null,
  };
  const waitMs = await readyWaitMs(ctx, readyTimeoutS, false);
  step.readyAt = await waitReady(ctx, step.replicas, before, system.running().length, waitMs - (Date.now() - at));
  if (step.readyAt === null) notReady(action, step, [...steps, step], waitMs, ctx);
  return step;
}

async function surgeStep(
  indices: number[],
  maxSurge: number,
  readyTimeoutS: number,
  ctx: ActionContext,
  steps: RestartStep[],
  action: string,
): Promise<RestartStep> {
  const { system } = ctx;
  const at = Date.now();
  const desired = system.running().length;
  const step: RestartStep = { replicas: indices.map((i) => system.replicas[i]!.name), started: [], at, readyAt: null };
  const waitMs = await readyWaitMs(ctx, readyTimeoutS, true);
  // New ones first, up to maxSurge above the replicas the group has.
  const surge = Math.min(maxSurge, indices.length);
  let before = await membersByName(ctx);
  const first = await Promise.all(Array.from({ length: surge }, () => system.addReplica()));
  step.started!.push(...first.map((r) => r.name));
  if ((await waitReady(ctx, step.started!, before, desired + surge, readyTimeoutS * 1000)) === null)
    notReady(action, step, [...steps, step], readyTimeoutS * 1000, ctx);
  // Then the old ones, for good, and the rest of their replacements.
  await Promise.all(indices.map((i) => system.stopReplica(i, Date.now())));
  step.exitedAt = Date.now();
  before = await membersByName(ctx);
  const rest = await Promise.all(Array.from({ length: indices.length - surge }, () => system.addReplica()));
  step.started!.push(...rest.map((r) => r.name));
  // When the last new process was up: with maxUnavailable 0 that was the surge's, before the stop.
  step.startedAt = Math.max(...[...first, ...rest].map((r) => r.record.startedAt));
  step.readyAt = await waitReady(
    ctx,
    rest.map((r) => r.name),
    before,
    desired,
    waitMs,
  );
  if (step.readyAt === null) notReady(action, step, [...steps, step], waitMs, ctx);
  return step;
}
