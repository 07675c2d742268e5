import http from 'node:http';
import { epochClock } from './clock.ts';
import { statusClass } from './counts.ts';
import { orderBody, parseAcceptedOrder } from './order.ts';
import { Pacer, yieldToEventLoop } from './pacer.ts';
import type { MainToWorker, WorkerTask, WorkerToMain } from './protocol.ts';
import { seededRandom } from './random.ts';
import { RequestRecorder, type Outcome, type RequestTiming } from './recorder.ts';
import { workerOffsets } from './schedule.ts';

/** When far behind schedule, sends go out back to back; yield this often so answers are read. */
const YIELD_EVERY_BEHIND = 64;

interface InFlight extends RequestTiming {
  req: http.ClientRequest;
  settled: boolean;
  timedOut: boolean;
}

/**
 * A piscina task: sends this worker's share of an open-loop schedule, reports each second over
 * task.port and ends with the worker's final summary on the same port. Loaded through
 * worker-entry.mjs (see there why).
 */
export default async function runLoadWorker(task: WorkerTask): Promise<void> {
  const { plan, port } = task;
  const now = epochClock(task.clock);
  const target = new URL(plan.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: task.connections });
  const random = seededRandom(plan.seed + 7919 * (task.worker + 1));
  const recorder = new RequestRecorder(plan.startAt);
  const pacer = new Pacer(now);
  const inFlight = new Set<InFlight>();
  const scheduleEnd = plan.startAt + plan.durationS * 1000;
  let stop: { at: number; graceMs: number } | undefined;
  let wakeDrain: (() => void) | undefined;
  const post = (message: WorkerToMain): void => port.postMessage(message);

  port.on('message', (message: MainToWorker) => {
    if (message.type !== 'stop' || stop) return;
    stop = { at: message.at, graceMs: message.graceMs };
    pacer.interrupt();
    wakeDrain?.();
  });

  let periodTimer: NodeJS.Timeout | undefined;
  const reportPeriods = (): void => {
    const t = now();
    for (const period of recorder.takePeriodsBefore(recorder.periodIndex(t))) post({ type: 'period', period });
    const nextBoundary = plan.startAt + (recorder.periodIndex(t) + 1) * 1000;
    periodTimer = setTimeout(reportPeriods, nextBoundary - t + 1);
  };
  reportPeriods();

  const settle = (r: InFlight, outcome: Outcome): void => {
    if (r.settled) return;
    r.settled = true;
    inFlight.delete(r);
    recorder.settled(r, now(), outcome, Math.min(scheduleEnd, stop?.at ?? Infinity));
    wakeDrain?.();
  };

  const send = (intendedAt: number): void => {
    const body = orderBody(plan.payload, random);
    const req = http.request(target, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const r: InFlight = { req, intendedAt, sentAt: NaN, measured: intendedAt >= plan.measureFrom, settled: false, timedOut: false };
    inFlight.add(r);
    recorder.intended(r);
    // 'socket' fires when the agent hands the request a connection: the actual send. Until
    // then it waits in the agent's queue, which counts in latency but not in service time.
    req.once('socket', () => {
      if (r.settled) return;
      r.sentAt = now();
      recorder.sent(r);
    });
    req.setTimeout(plan.requestTimeoutMs, () => {
      r.timedOut = true;
      req.destroy();
    });
    const failed = (): void => settle(r, { kind: 'error', cls: r.timedOut ? 'timeout' : 'network' });
    req.on('error', failed);
    // Fallback: on a normal answer 'end' below settles first, so this only catches a request
    // that closed without an answer and without an 'error'.
    req.on('close', failed);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      const status = res.statusCode ?? 0;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if (status < 200 || status >= 300) return settle(r, { kind: 'error', cls: statusClass(status), status });
        const order = parseAcceptedOrder(Buffer.concat(chunks).toString('utf8'));
        settle(r, order ? { kind: 'ok', status, order } : { kind: 'error', cls: 'bad_body', status });
      });
      res.on('error', failed);
      res.on('close', failed);
    });
    req.end(body);
  };

  try {
    let behind = 0;
    for (const offset of workerOffsets(plan, task.worker, plan.workers)) {
      const intendedAt = plan.startAt + offset;
      if (now() < intendedAt) {
        behind = 0;
        await pacer.waitUntil(intendedAt);
      } else if (++behind % YIELD_EVERY_BEHIND === 0) {
        await yieldToEventLoop();
      }
      // Never skip or compress the schedule: a late request goes out at once, with its
      // original intended time, so the lateness shows in latency and send delay.
      if (stop) break;
      send(intendedAt);
    }

    // Natural end: every request ends by itself (answer, error or request timeout).
    // After stop(): whatever is still out when the grace runs out is abandoned.
    while (inFlight.size > 0) {
      const deadline = stop ? stop.at + stop.graceMs : Infinity;
      if (now() >= deadline) break;
      let graceTimer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wakeDrain = resolve;
        if (deadline !== Infinity) graceTimer = setTimeout(resolve, deadline - now());
      });
      clearTimeout(graceTimer);
    }
    wakeDrain = undefined;
    for (const r of inFlight) {
      r.settled = true;
      recorder.abandoned(r, now());
      r.req.destroy();
    }
    inFlight.clear();
  } finally {
    clearTimeout(periodTimer);
    for (const period of recorder.takeRemainingPeriods(now())) post({ type: 'period', period });
    post({ type: 'final', final: recorder.final() });
    port.close();
    agent.destroy();
  }
}
