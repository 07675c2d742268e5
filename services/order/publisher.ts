import type { Message } from 'kafkajs';
import { errorChain, hasErrorType } from '../shared/kafka.ts';
import type { Acks } from './options.ts';

export type PublishFailure = 'timeout' | 'topic-missing' | 'broker' | 'closed';

/** Why an order was not acknowledged; the HTTP layer turns every one into a 503. */
export class PublishError extends Error {
  constructor(
    readonly reason: PublishFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** One produce request: what the publisher asks of a client (kafkajs's Producer fits as it is). */
export interface OutgoingBatch {
  topic: string;
  acks: Acks;
  timeout: number;
  messages: Message[];
}

export interface BatchSender {
  send(batch: OutgoingBatch): Promise<unknown>;
}

export interface PublisherOptions {
  topic: string;
  acks: Acks;
  lingerMs: number;
  maxBatch: number;
  maxInFlight: number;
  requestTimeoutMs: number;
}

export interface PublisherStats {
  batches: number;
  published: number;
  failed: number;
  timedOut: number;
  largestBatch: number;
  inFlight: number;
  queued: number;
}

interface Pending {
  message: Message;
  settled: boolean;
  timer: NodeJS.Timeout;
  resolve: () => void;
  reject: (err: PublishError) => void;
}

/**
 * kafkajs sends one request per `send()` call and never merges calls, so one order per send
 * would cost one broker round trip per HTTP request. Orders wait here instead: the first one
 * starts a linger timer, a full batch goes at once, and while `maxInFlight` batches await their
 * acknowledgement the next batch keeps filling. Each order has its own deadline: past it the
 * caller gets a timeout even if kafkajs is still retrying, so a request never hangs.
 *
 * A timeout is ambiguous: an order already in a batch on the wire may still reach the topic
 * after its caller was told 503 (at-least-once from the client's point of view).
 */
export class BatchingPublisher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private turnEndQueued = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly counters = { batches: 0, published: 0, failed: 0, timedOut: 0, largestBatch: 0 };

  constructor(
    private readonly producer: BatchSender,
    private readonly options: PublisherOptions,
  ) {}

  publish(message: Message): Promise<void> {
    if (this.closed) return Promise.reject(new PublishError('closed', 'the order service is shutting down'));
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        message,
        settled: false,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.counters.timedOut++;
          this.settle(pending, new PublishError('timeout', `the broker did not acknowledge within ${this.options.requestTimeoutMs} ms`));
        }, this.options.requestTimeoutMs),
      };
      this.queue.push(pending);
      if (this.queue.length >= this.options.maxBatch) this.dispatch();
      else if (this.options.lingerMs === 0) {
        // No linger: the orders that arrived in this event-loop turn go together, at its end.
        if (!this.turnEndQueued) {
          this.turnEndQueued = true;
          setImmediate(() => {
            this.turnEndQueued = false;
            this.dispatch();
          });
        }
      } else
        this.lingerTimer ??= setTimeout(() => {
          this.lingerTimer = undefined;
          this.dispatch();
        }, this.options.lingerMs);
    });
  }

  stats(): PublisherStats {
    return { ...this.counters, inFlight: this.inFlight, queued: this.queue.length };
  }

  /** Refuses new orders, sends what is queued, and waits until every order has an answer. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    this.dispatch();
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private dispatch(): void {
    while (this.inFlight < this.options.maxInFlight) {
      const batch = this.takeBatch();
      if (batch.length === 0) break;
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        // Orders that queued meanwhile have already waited at least one round trip: send now.
        if (this.queue.length > 0) this.dispatch();
        else if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
    }
  }

  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    while (batch.length < this.options.maxBatch && this.queue.length > 0) {
      const next = this.queue.shift() as Pending;
      if (!next.settled) batch.push(next); // timed out while waiting: never sent at all
    }
    return batch;
  }

  private async send(batch: Pending[]): Promise<void> {
    this.counters.batches++;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
    const { topic, acks, requestTimeoutMs } = this.options;
    const sending = this.producer.send({ topic, acks, timeout: requestTimeoutMs, messages: batch.map((p) => p.message) });
    sending.catch(() => undefined); // an abandoned send may still fail later; nobody is waiting for it
    let guard: NodeJS.Timeout | undefined;
    // kafkajs retries inside send(); past the deadline the slot is freed so later orders are not
    // stuck behind a send that can no longer answer anyone.
    const deadline = new Promise<never>((_, reject) => {
      guard = setTimeout(() => reject(new PublishError('timeout', `the broker did not acknowledge within ${requestTimeoutMs} ms`)), requestTimeoutMs);
    });
    try {
      await Promise.race([sending, deadline]);
      this.counters.published += batch.length;
      for (const p of batch) this.settle(p);
    } catch (err) {
      this.counters.failed += batch.length;
      const failure = this.describe(err);
      for (const p of batch) this.settle(p, failure);
    } finally {
      clearTimeout(guard);
    }
  }

  private describe(err: unknown): PublishError {
    if (err instanceof PublishError) return err;
    const { topic } = this.options;
    if (hasErrorType(err, 'UNKNOWN_TOPIC_OR_PARTITION')) {
      return new PublishError('topic-missing', `topic "${topic}" does not exist on the broker; create it first (the order service never creates topics)`);
    }
    const messages = [
      ...new Set(
        errorChain(err)
          .map((e) => e.message)
          .filter(Boolean),
      ),
    ];
    return new PublishError('broker', `broker unavailable: ${messages.slice(-1)[0] ?? 'unknown error'}`);
  }

  private settle(p: Pending, failure?: PublishError): void {
    if (p.settled) return;
    p.settled = true;
    clearTimeout(p.timer);
    if (failure) p.reject(failure);
    else p.resolve();
  }
}
