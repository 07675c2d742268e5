/** restartReplica: SIGTERM, wait for the exit, start it again (same index, port, name); done when its member has its assignment again. */
import type { RestartStep } from '../../model/timeline/spec.ts';
import { membersByName, notReady, readyWaitMs, waitReady } from './restart.ts';
import type { ActionExecution } from './types.ts';

export const restartReplica: ActionExecution<'restartReplica'> = async (e, ctx) => {
  const before = await membersByName(ctx);
  const replica = await ctx.system.restartReplica(e.replica, ctx.at);
  const restart = replica.record.restarts!.at(-1)!;
  const step: RestartStep = { replicas: [replica.name], at: ctx.at, exitedAt: restart.exitedAt, startedAt: restart.startedAt, readyAt: null };
  const waitMs = await readyWaitMs(ctx, e.readyTimeoutS, false);
  step.readyAt = await waitReady(ctx, [replica.name], before, ctx.system.running().length, waitMs - (Date.now() - ctx.at));
  if (step.readyAt === null) notReady(`restartReplica(${replica.name})`, step, [step], waitMs, ctx);
  return { replica: replica.name, steps: [step] };
};
