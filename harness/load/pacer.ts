/**
 * Waits until an intended send time without holding a core. A timer sleeps until SPIN_MS
 * before the target, since Node timers fire up to ~2 ms early or late (whole-millisecond loop
 * time); the rest is covered by yielding to the event loop (setImmediate), which keeps I/O
 * flowing, so a send leaves within a few tens of µs of its time at the cost of at most
 * SPIN_MS of CPU per request.
 */
export const SPIN_MS = 2;

export class Pacer {
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private interrupted = false;

  constructor(private readonly now: () => number) {}

  /** Resolves at `target` (epoch ms), or at once after interrupt(). */
  async waitUntil(target: number): Promise<void> {
    for (;;) {
      if (this.interrupted) return;
      const remaining = target - this.now();
      if (remaining <= 0) return;
      if (remaining > SPIN_MS) await this.sleep(remaining - SPIN_MS);
      else await yieldToEventLoop();
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
