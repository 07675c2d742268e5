import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { captureClock, epochClock } from './clock.ts';
import { addCounts, emptyCounts } from '../measure/counts.ts';
import { mergeHistograms, snapshot } from '../measure/histogram.ts';
import { PeriodMerger } from './periods.ts';
import { resolveLoadPlan, type LoadPlanInput } from './plan.ts';
import type { MainToWorker, WorkerFinal, WorkerTask, WorkerToMain } from './protocol.ts';
import { splitEvenly } from './schedule.ts';
import type { AcceptedOrder, LoadResult, PeriodStats } from '../model/load.ts';

// A .mjs shim, not worker.ts itself: see worker-entry.mjs for why.
const WORKER_ENTRY = new URL('./worker-entry.mjs', import.meta.url).href;

export interface LoadRun {
  /** Resolves when the schedule has ended and every request is answered or timed out. */
  readonly done: Promise<LoadResult>;
  /**
   * Ends the schedule now, lets in-flight requests finish for up to `graceMs`
   * (plan.stopGraceMs by default), and resolves with everything measured so far.
   */
  stop(graceMs?: number): Promise<LoadResult>;
}

/**
 * Starts an open-loop run: plan.workers piscina threads, each sending its share of the schedule
 * from plan.startAt. `onPeriod` gets each second, merged across workers, once every worker
 * has reported it. Throws BAD_ARGUMENT for an invalid plan.
 */
export function startLoad(input: LoadPlanInput, onPeriod?: (period: PeriodStats) => void): LoadRun {
  const plan = resolveLoadPlan(input);
  const clock = captureClock();
  const now = epochClock(clock);
  const pool = new Piscina({
    filename: WORKER_ENTRY,
    minThreads: plan.workers,
    maxThreads: plan.workers,
    concurrentTasksPerWorker: 1,
    idleTimeout: Infinity,
  });
  const merger = new PeriodMerger(plan.startAt, plan.workers);
  const connections = splitEvenly(plan.connections, plan.workers);
  const ports: MessagePort[] = [];
  let stoppedAt: number | undefined;

  const workerRuns = connections.map((share, worker) => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const final = new Promise<WorkerFinal>((resolve) => {
      port1.on('message', (message: WorkerToMain) => {
        if (message.type === 'final') {
          merger.addAccepted(message.final.accepted);
          return resolve(message.final);
        }
        for (const period of merger.add(message.period)) onPeriod?.(period);
      });
    });
    const task: WorkerTask = { plan, worker, connections: share, clock, port: port2 };
    const run = pool.run(task, { transferList: [port2] }) as Promise<void>;
    // The summary arrives on the port, the task's completion on another channel: wait for both.
    return Promise.all([final, run]).then(([f]) => f);
  });

  const done = (async (): Promise<LoadResult> => {
    let finals: WorkerFinal[];
    try {
      finals = await Promise.all(workerRuns);
    } catch (err) {
      // One worker failed: end the others now rather than letting them run the schedule out.
      stop(0);
      await Promise.allSettled(workerRuns);
      throw err;
    } finally {
      for (const port of ports) port.close();
      await pool.destroy();
    }
    const { late, all, accepted } = merger.finish();
    for (const period of late) onPeriod?.(period);
    return result(finals, all, accepted);
  })();
  // A caller may only ever use stop(), which returns this same promise: the failure reaches
  // it there, so it must not also be reported as an unhandled rejection meanwhile.
  done.catch(() => {});

  function stop(graceMs: number = plan.stopGraceMs): void {
    if (stoppedAt !== undefined) return;
    stoppedAt = now();
    const message: MainToWorker = { type: 'stop', at: stoppedAt, graceMs };
    for (const port of ports) port.postMessage(message);
  }

  function result(finals: WorkerFinal[], periods: PeriodStats[], accepted: AcceptedOrder[]): LoadResult {
    const scheduleEnd = plan.startAt + plan.durationS * 1000;
    const windowEnd = Math.min(scheduleEnd, stoppedAt ?? Infinity);
    const measuredS = Math.max(0, windowEnd - plan.measureFrom) / 1000;
    const completedInWindow = finals.reduce((sum, f) => sum + f.completedInWindow, 0);
    return {
      mode: 'open-loop',
      plan,
      targetRate: plan.rate / plan.segment.count,
      achievedRate: measuredS > 0 ? completedInWindow / measuredS : 0,
      measuredS,
      measured: finals.reduce((sum, f) => addCounts(sum, f.measured), emptyCounts()),
      total: finals.reduce((sum, f) => addCounts(sum, f.total), emptyCounts()),
      latency: snapshot(mergeHistograms(finals.map((f) => f.latency))),
      serviceTime: snapshot(mergeHistograms(finals.map((f) => f.serviceTime))),
      sendDelay: snapshot(mergeHistograms(finals.map((f) => f.sendDelay))),
      accepted,
      periods,
      stoppedEarly: stoppedAt !== undefined && stoppedAt < scheduleEnd,
    };
  }

  return {
    done,
    stop(graceMs?: number): Promise<LoadResult> {
      stop(graceMs);
      return done;
    },
  };
}
