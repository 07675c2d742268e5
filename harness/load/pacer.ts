/**
 * Waits until an intended send time without holding a core. Node timers are only good to
 * about a millisecond (they run on the loop's whole-millisecond clock and fire up to ~2 ms early
 * or late), so a timer sleeps until SPIN_MS before the target and the rest is covered by
 * yielding to the event loop (setImmediate), which keeps I/O flowing and sends within a few µs
 * of the target. Yielding is busy waiting, though: at 50 req/s it costs ~5% of a core, at
 * 1,000 req/s a whole one. So it draws on a budget of SPIN_SHARE of wall time; once that is
 * spent the pacer uses timers alone and sends are up to ~1 ms late until the budget refills.
 * Lateness is never hidden: it is in the send delay and in latency from intended time.
 *
 * A worker whose sends are due more often than every SPIN_MS is busy anyway, and there the
 * pacer never sleeps on a timer: it turns the event loop (I/O runs between turns) and naps
 * NAP_MS in Atomics.wait between turns while the next send is further off, which keeps the
 * spin from costing a core and from allocating an Immediate per microsecond. The cost of a
 * nap: an answer that arrives during one is read up to NAP_MS late, which is in its measured
 * latency.
 */
export const SPIN_MS = 1;
export const SPIN_SHARE = 0.1;
const SPIN_CREDIT_MAX_MS = 20;
/** A busy pacer naps this long between turns when the next send is further off (see spinUntil). */
export const NAP_MS = 0.05;
const NAP_CELL = new Int32Array(new SharedArrayBuffer(4));
/** A busy pacer still sleeps on a timer for waits longer than this (the lead before the start). */
const BUSY_SLEEP_MS = 20;

export class Pacer {
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private interrupted = false;
  private spinCreditMs = SPIN_CREDIT_MAX_MS;
  private creditAt: number;

  /** `intervalMs`: the mean time between this worker's sends; it changes where the schedule's rate does. */
  constructor(
    private readonly now: () => number,
    public intervalMs = Infinity,
  ) {
    this.creditAt = now();
  }

  /** True when sends are due more often than every SPIN_MS: the pacer yields instead of sleeping. */
  get busy(): boolean {
    return this.intervalMs < SPIN_MS;
  }

  /** Resolves at `target` (epoch ms), or at once after interrupt(). */
  async waitUntil(target: number): Promise<void> {
    for (;;) {
      if (this.interrupted) return;
      const t = this.now();
      this.spinCreditMs = Math.min(SPIN_CREDIT_MAX_MS, this.spinCreditMs + (t - this.creditAt) * SPIN_SHARE);
      this.creditAt = t;
      const remaining = target - t;
      if (remaining <= 0) return;
      if (this.busy && remaining <= BUSY_SLEEP_MS) {
        await this.spinUntil(target);
      } else if (this.busy) {
        // Before the schedule starts, or a pause in it: no traffic to keep flowing.
        await this.sleep(remaining - BUSY_SLEEP_MS);
      } else if (remaining > SPIN_MS) {
        await this.sleep(remaining - SPIN_MS);
      } else if (this.spinCreditMs > 0) {
        await yieldToEventLoop();
        this.spinCreditMs -= this.now() - t;
      } else {
        await this.sleep(remaining);
      }
    }
  }

  interrupt(): void {
    this.interrupted = true;
    clearTimeout(this.timer);
    this.wake?.();
  }

  /**
   * Yields to the event loop (I/O runs between turns) until `target`: one promise per wait and
   * one Immediate per turn. A promise per turn (await setImmediate) made the spin itself 70% of
   * everything the worker allocated at 10k req/s, and so most of its scavenges.
   */
  private spinUntil(target: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      const turn = (): void => {
        const remaining = target - this.now();
        if (this.interrupted || remaining <= 0) {
          resolve();
          return;
        }
        if (remaining > NAP_MS) Atomics.wait(NAP_CELL, 0, 0, NAP_MS);
        setImmediate(turn);
      };
      setImmediate(turn);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
