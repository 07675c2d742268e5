/**
 * Waits until an intended send time without holding a core. Node timers are only good to
 * about a millisecond (they run on the loop's whole-millisecond clock and fire up to ~2 ms early
 * or late), so a timer sleeps until SPIN_MS before the target and the rest is covered by
 * yielding to the event loop (setImmediate), which keeps I/O flowing and sends within a few µs
 * of the target. Yielding is busy waiting, though: at 50 req/s it costs ~5% of a core, at
 * 1,000 req/s a whole one. So it draws on a budget of SPIN_SHARE of wall time; once that is
 * spent the pacer uses timers alone and sends are up to ~1 ms late until the budget refills.
 * Lateness is never hidden: it is in the send delay and in latency from intended time.
 */
export const SPIN_MS = 1;
export const SPIN_SHARE = 0.1;
const SPIN_CREDIT_MAX_MS = 20;

export class Pacer {
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private interrupted = false;
  private spinCreditMs = SPIN_CREDIT_MAX_MS;
  private creditAt: number;

  constructor(private readonly now: () => number) {
    this.creditAt = now();
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
      if (remaining > SPIN_MS) {
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
