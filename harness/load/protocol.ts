import type { MessagePort } from 'node:worker_threads';
import type { ClockBase } from './clock.ts';
import type { AcceptedBatch } from './accepted-batch.ts';
import type { LoadPlan, RequestCounts } from '../model/load.ts';

/**
 * Messages between the main thread and a load worker. Everything a worker measures travels
 * over the task's MessagePort, the final summary last: one port keeps the order, whereas the
 * piscina task result comes back on another channel and could overtake the last periods.
 */
export interface WorkerTask {
  plan: LoadPlan;
  worker: number;
  /** This worker's share of plan.connections: the most requests it has in flight over HTTP. */
  connections: number;
  clock: ClockBase;
  port: MessagePort;
}

export type MainToWorker = { type: 'stop'; at: number; graceMs: number };

/**
 * One second as one worker saw it; `latency` is an encoded histogram (see histogram.ts).
 * `accepted`: the chunks of accepted orders the worker filled since its last report (whatever
 * second their orders completed in), their buffers transferred (see accepted-batch.ts).
 */
export interface WorkerPeriod extends RequestCounts {
  index: number;
  accepted: AcceptedBatch[];
  latency: string;
}

export interface WorkerFinal {
  measured: RequestCounts;
  total: RequestCounts;
  /** Requests sent inside the measured window (whenever intended) that ended, ok or error. */
  completedInWindow: number;
  latency: string;
  serviceTime: string;
  sendDelay: string;
  /** The accepted orders no period carried (the chunk being filled, at least). */
  accepted: AcceptedBatch[];
}

export type WorkerToMain = { type: 'period'; period: WorkerPeriod } | { type: 'final'; final: WorkerFinal };
