import { AcceptedColumns } from './accepted-batch.ts';
import { emptyCounts } from '../measure/counts.ts';
import { createHistogram, encodeHistogram, recordMs, type Histogram } from '../measure/histogram.ts';
import type { WorkerFinal, WorkerPeriod } from './protocol.ts';
import type { ErrorClass, RequestCounts } from '../model/load.ts';

/** What a worker knows about one request while it is in flight. */
export interface RequestTiming {
  intendedAt: number;
  /** When a connection was assigned (NaN until then). */
  sentAt: number;
  /** Intended at or after measureFrom. */
  measured: boolean;
}

export type Outcome = { kind: 'ok'; status: number; order: { orderId: string; createdAt: number } } | { kind: 'error'; cls: ErrorClass; status?: number };

interface PeriodAccumulator extends RequestCounts {
  latency: Histogram | undefined;
}

/**
 * A worker's measurements: counters for the whole run and the measured window, the three
 * histograms (measured requests that got an HTTP answer, whatever its status), per-second
 * periods (each event in the second it happened) and the accepted orders, in chunks that leave
 * with the next report once full (see accepted-batch.ts), the rest with final().
 */
export class RequestRecorder {
  private readonly total = emptyCounts();
  private readonly measured = emptyCounts();
  private readonly latency = createHistogram();
  private readonly serviceTime = createHistogram();
  private readonly sendDelay = createHistogram();
  private readonly periods = new Map<number, PeriodAccumulator>();
  private readonly accepted = new AcceptedColumns();
  private nextPeriod = 0;
  private lastEventPeriod = -1;
  private completedInWindow = 0;

  constructor(
    private readonly startAt: number,
    private readonly measureFrom: number = startAt,
  ) {}

  periodIndex(at: number): number {
    return Math.floor((at - this.startAt) / 1000);
  }

  /** A request's intended send time was reached (counted in that second, sent or not). */
  intended(intendedAt: number, measured: boolean): void {
    this.count({ measured }, intendedAt, (c) => c.intended++);
  }

  sent(r: RequestTiming): void {
    this.count(r, r.sentAt, (c) => c.sent++);
  }

  /** `windowEnd`: end of the measured window as known now (schedule end or stop time). */
  settled(r: RequestTiming, doneAt: number, outcome: Outcome, windowEnd: number): void {
    const period = this.count(r, doneAt, (c) => {
      if (outcome.kind === 'ok') c.ok++;
      else c.errors[outcome.cls] = (c.errors[outcome.cls] ?? 0) + 1;
    });
    if (outcome.kind === 'ok') this.accepted.push(outcome.order.orderId, outcome.order.createdAt, r.intendedAt, outcome.status);
    // Sent inside the window, whenever intended: past the ceiling the window's sends include the
    // warm-up's backlog, and counting only requests intended in the window would show a collapse
    // where the generator in fact keeps sending at its plateau.
    if (r.sentAt >= this.measureFrom && r.sentAt < windowEnd) this.completedInWindow++;
    const answered = outcome.kind === 'ok' || outcome.status !== undefined;
    if (!answered) return;
    period.latency ??= createHistogram();
    recordMs(period.latency, doneAt - r.intendedAt);
    if (r.measured && !Number.isNaN(r.sentAt)) {
      recordMs(this.latency, doneAt - r.intendedAt);
      recordMs(this.serviceTime, doneAt - r.sentAt);
      recordMs(this.sendDelay, r.sentAt - r.intendedAt);
    }
  }

  abandoned(r: Pick<RequestTiming, 'measured'>, at: number): void {
    this.count(r, at, (c) => c.abandoned++);
  }

  /**
   * Periods before `index` not yet reported, empty seconds included so reports stay contiguous;
   * the first carries the chunks of accepted orders filled since the last report.
   */
  takePeriodsBefore(index: number): WorkerPeriod[] {
    const out: WorkerPeriod[] = [];
    let accepted = this.nextPeriod < index ? this.accepted.takeFull() : [];
    for (; this.nextPeriod < index; this.nextPeriod++) {
      const p = this.periods.get(this.nextPeriod);
      this.periods.delete(this.nextPeriod);
      out.push({
        index: this.nextPeriod,
        intended: p?.intended ?? 0,
        sent: p?.sent ?? 0,
        ok: p?.ok ?? 0,
        errors: p?.errors ?? {},
        abandoned: p?.abandoned ?? 0,
        accepted,
        latency: encodeHistogram(p?.latency ?? createHistogram()),
      });
      accepted = [];
    }
    return out;
  }

  /** Every period not yet reported, through the current one. */
  takeRemainingPeriods(now: number): WorkerPeriod[] {
    return this.takePeriodsBefore(Math.max(this.periodIndex(now), this.lastEventPeriod) + 1);
  }

  final(): WorkerFinal {
    return {
      measured: this.measured,
      total: this.total,
      completedInWindow: this.completedInWindow,
      latency: encodeHistogram(this.latency),
      serviceTime: encodeHistogram(this.serviceTime),
      sendDelay: encodeHistogram(this.sendDelay),
      accepted: this.accepted.takeAll(),
    };
  }

  private count(r: Pick<RequestTiming, 'measured'>, at: number, bump: (c: RequestCounts) => void): PeriodAccumulator {
    bump(this.total);
    if (r.measured) bump(this.measured);
    // An event in an already reported second (cannot happen with a monotonic clock) goes to the next one.
    const index = Math.max(this.periodIndex(at), this.nextPeriod, 0);
    this.lastEventPeriod = Math.max(this.lastEventPeriod, index);
    let period = this.periods.get(index);
    if (!period) {
      period = { ...emptyCounts(), latency: undefined };
      this.periods.set(index, period);
    }
    bump(period);
    return period;
  }
}
