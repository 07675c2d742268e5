package bench.inventory;

import java.util.concurrent.locks.LockSupport;

/**
 * The per-order processing cost a scenario sets (services/inventory/work.ts). `sleep` stands for
 * I/O: the thread parks, so replicas on one machine do not compete for CPU. `busy` spins for the
 * whole time, a CPU-bound consumer. Both honour fractions of a millisecond.
 */
final class Work {
  private final long nanos;
  private final boolean busy;

  Work(double ms, String mode) {
    this.nanos = Math.round(ms * 1_000_000d);
    this.busy = mode.equals("busy");
  }

  void run() {
    if (nanos <= 0) return;
    long end = System.nanoTime() + nanos;
    if (busy) {
      while (System.nanoTime() < end) Thread.onSpinWait();
      return;
    }
    // parkNanos may return early (spuriously): park again for what is left.
    for (long left = nanos; left > 0; left = end - System.nanoTime()) LockSupport.parkNanos(left);
  }
}
