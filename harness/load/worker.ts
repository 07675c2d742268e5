import { batchBuffers } from './accepted-batch.ts';
import { epochClock } from './clock.ts';
import { Pacer, yieldToEventLoop } from './pacer.ts';
import type { MainToWorker, WorkerTask, WorkerToMain } from './protocol.ts';
import { seededRandom } from './random.ts';
import { RequestRecorder, type Outcome } from './recorder.ts';
import { schedulePieces, shareOf, workerOffsets } from './schedule.ts';
import { openTarget } from './targets/index.ts';
import type { TargetRequest } from './targets/types.ts';

/**
 * A piscina task: sends this worker's share of an open-loop schedule to the plan's target,
 * reports each second over task.port and ends with the worker's final summary on the same
 * port. Loaded through worker-entry.mjs (see there why).
 *
 * One pass per event-loop turn sends every request that is due and that the target takes now;
 * between passes the worker sleeps until the next intended time (the pacer) or until the target
 * frees a slot. Requests due while the target is full wait as a position in the schedule, not
 * as queued objects, so past the ceiling the generator sends as fast as the target answers
 * (it plateaus) and each late request keeps its intended time (the schedule never compresses).
 */
export default async function runLoadWorker(task: WorkerTask): Promise<void> {
  const { plan, port } = task;
  const now = epochClock(task.clock);
  const random = seededRandom(plan.seed + 7919 * (task.worker + 1) + 104_729 * plan.segment.index);
  const recorder = new RequestRecorder(plan.startAt, plan.measureFrom);
  const scheduleEnd = plan.startAt + plan.durationS * 1000;
  const { share, shares } = shareOf(plan.segment, task.worker, plan.workers);
  // The pacer waits as the rate in force asks (busy past one send a millisecond): per stretch of
  // the schedule, at the highest rate of that stretch (a ramp's end or start).
  const pieces = schedulePieces(plan).map((p) => ({ from: plan.startAt + p.startS * 1000, intervalMs: (1000 * shares) / Math.max(p.from, p.to) }));
  let piece = 0;
  const pacer = new Pacer(now, pieces[0]!.intervalMs);
  const paceFor = (t: number): void => {
    if (piece + 1 >= pieces.length || t < pieces[piece + 1]!.from) return;
    while (piece + 1 < pieces.length && t >= pieces[piece + 1]!.from) piece++;
    pacer.intervalMs = pieces[piece]!.intervalMs;
  };
  let stop: { at: number; graceMs: number } | undefined;
  let wake: (() => void) | undefined;
  const post = (message: WorkerToMain): void =>
    port.postMessage(message, batchBuffers(message.type === 'period' ? message.period.accepted : message.final.accepted));
  const poke = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const target = await openTarget(plan.target, {
    now,
    connections: task.connections,
    requestTimeoutMs: plan.requestTimeoutMs,
    random,
    payload: plan.payload,
    share,
    shares,
    events: {
      sent: (r) => recorder.sent(r),
      settled: (r: TargetRequest, outcome: Outcome) => {
        r.settled = true;
        recorder.settled(r, now(), outcome, Math.min(scheduleEnd, stop?.at ?? Infinity));
        poke();
      },
    },
  });

  // Two cursors over the same share: `due` counts each request in the second it was intended,
  // `next` is the first request not yet sent. Everything between them is the backlog.
  const dueCursor = workerOffsets(plan, share, shares);
  const sendCursor = workerOffsets(plan, share, shares);
  let dueAt = nextTime(dueCursor);
  let nextAt = nextTime(sendCursor);
  function nextTime(cursor: Generator<number>): number {
    const step = cursor.next();
    return step.done ? Infinity : plan.startAt + step.value;
  }
  const countDue = (t: number): void => {
    const until = Math.min(t, stop?.at ?? Infinity);
    for (; dueAt <= until; dueAt = nextTime(dueCursor)) recorder.intended(dueAt, dueAt >= plan.measureFrom);
  };

  port.on('message', (message: MainToWorker) => {
    if (message.type !== 'stop' || stop) return;
    countDue(message.at);
    stop = { at: message.at, graceMs: message.graceMs };
    pacer.interrupt();
    poke();
  });

  let periodTimer: NodeJS.Timeout | undefined;
  const reportPeriods = (): void => {
    const t = now();
    countDue(t);
    for (const period of recorder.takePeriodsBefore(recorder.periodIndex(t))) post({ type: 'period', period });
    const nextBoundary = plan.startAt + (recorder.periodIndex(t) + 1) * 1000;
    periodTimer = setTimeout(reportPeriods, nextBoundary - t + 1);
  };
  reportPeriods();

  /** Sends what is due and fits; true when the target is full with requests still due. */
  const pass = (): boolean => {
    const t = now();
    countDue(t);
    let free = target.free();
    while (free > 0 && nextAt <= t && nextAt < dueAt) {
      target.send({ intendedAt: nextAt, sentAt: NaN, measured: nextAt >= plan.measureFrom, settled: false });
      nextAt = nextTime(sendCursor);
      free--;
    }
    target.flush();
    return nextAt <= t && nextAt < dueAt;
  };

  // Past the ceiling a backlog builds up; it may go out after the schedule's end for up to
  // stopGraceMs (late, and measured so), then the rest is abandoned rather than sent for minutes.
  const sendDeadline = scheduleEnd + plan.stopGraceMs;
  // One timer for the whole run, not one per wait while the target is full.
  const deadlineTimer = setTimeout(poke, Math.max(0, sendDeadline - now()));
  try {
    while (!stop && nextAt !== Infinity) {
      const blocked = pass();
      if (stop || nextAt === Infinity || now() >= sendDeadline) break;
      if (blocked) {
        // Full: the next settle (or stop, or the send deadline) wakes the loop. A pass per
        // event-loop turn at most.
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        await yieldToEventLoop();
      } else if (nextAt > now()) {
        paceFor(nextAt);
        await pacer.waitUntil(nextAt);
      } else {
        await yieldToEventLoop();
      }
    }

    // Natural end: every request ends by itself (answer, error or request timeout).
    // After stop() or past the send deadline: requests due but never sent, and whatever is
    // still out when the grace runs out, are abandoned.
    countDue(now());
    for (; nextAt < dueAt; nextAt = nextTime(sendCursor)) recorder.abandoned({ measured: nextAt >= plan.measureFrom }, now());
    while (target.inFlight() > 0) {
      const deadline = stop ? stop.at + stop.graceMs : Infinity;
      if (now() >= deadline) break;
      let graceTimer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (deadline !== Infinity) graceTimer = setTimeout(resolve, deadline - now());
      });
      clearTimeout(graceTimer);
    }
    wake = undefined;
    for (const r of target.abort()) recorder.abandoned(r, now());
  } finally {
    clearTimeout(periodTimer);
    clearTimeout(deadlineTimer);
    await target.close();
    for (const period of recorder.takeRemainingPeriods(now())) post({ type: 'period', period });
    post({ type: 'final', final: recorder.final() });
    port.close();
  }
}
