import type { Outcome, RequestTiming } from '../recorder.ts';

/** A request as a target sees it; the target sets sentAt when it actually goes out. */
export interface TargetRequest extends RequestTiming {
  /** Set once the request ended (answered, failed or abandoned): later events are ignored. */
  settled: boolean;
}

/** How a target reports back to the worker that paces it. */
export interface TargetEvents {
  /** The request went out now (r.sentAt is set). */
  sent(r: TargetRequest): void;
  settled(r: TargetRequest, outcome: Outcome): void;
}

/**
 * The load-target seam: what a load worker sends its share of the schedule to. The worker owns
 * the schedule and the measurements; a target only sends and reports. A target never queues:
 * it says how many requests it takes now (`free`), so a backlog past the ceiling is only the
 * worker's schedule position, the same cost whatever its size, and the generator plateaus
 * instead of drowning in its own queue.
 */
export interface LoadTarget {
  /** How many more requests send() takes now (free connections, room in the next batch). */
  free(): number;
  /** Sends at once, or adds to the batch flush() sends. */
  send(r: TargetRequest): void;
  /** End of one pass over the due requests: a batching target sends what it collected. */
  flush(): void;
  /** Requests sent and not yet settled. */
  inFlight(): number;
  /** Ends every in-flight request without settling it; returns them (the worker abandons them). */
  abort(): TargetRequest[];
  close(): Promise<void>;
}

export interface TargetContext {
  now: () => number;
  events: TargetEvents;
  /** This worker's share of the plan's connections (HTTP) or in-flight budget. */
  connections: number;
  requestTimeoutMs: number;
  random: () => number;
  payload: { productIds: number; qty: number };
  /** This worker's share of the schedule (share of shares): numbers {seq} uniquely across workers. */
  share?: number;
  shares?: number;
}
