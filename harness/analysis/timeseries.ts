import { lagSamples, type RawCell } from '../model/raw-cell.ts';
import type { LagSample } from '../model/samples.ts';
import type { ProcessedOrder } from './journal.ts';
import { lagSecondsPerWindow } from './lag-seconds.ts';

/**
 * One value per second and subject, in long form so that any chart or dataframe reads it:
 * `throughput` per replica (orders processed in that second), `lag` per partition (messages,
 * the last probe sample in that second), `lag_seconds` per partition (the highest within that
 * second, exact: see lagSecondsPerWindow), and the load's
 * `offered` and `http_ok` per second. `second` counts from the start of the measurement
 * (warm-up seconds are negative).
 */
export interface SeriesPoint {
  second: number;
  metric: 'throughput' | 'lag' | 'lag_seconds' | 'offered' | 'http_ok';
  subject: string;
  value: number;
}

export function timeseries(raw: RawCell, deliveries: readonly ProcessedOrder[], firstDeliveries: readonly ProcessedOrder[]): SeriesPoint[] {
  const origin = raw.times.measureFrom;
  const first = raw.times.loadStart;
  const last = raw.times.drainEnd ?? raw.times.measureTo;
  if (origin === undefined || first === undefined || last === undefined) return [];
  const secondOf = (t: number) => Math.floor((t - origin) / 1000);
  const from = secondOf(first);
  const to = secondOf(last);
  const points: SeriesPoint[] = [];

  const replicas = raw.replicas.map((r) => r.name);
  const counts = new Map<string, number>();
  for (const d of deliveries) {
    const key = `${secondOf(d.processedAt)}|${d.replica}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lagBySecond = new Map<number, LagSample>();
  const lag = lagSamples(raw);
  for (const s of lag) lagBySecond.set(secondOf(s.at), s);
  const partitions = [...new Set(lag.flatMap((s) => s.partitions.map((p) => p.partition)))].sort((a, b) => a - b);

  const seconds = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  // Lag in seconds: the highest within each second, so a partition that lagged shows it.
  const lagSeconds = lagSecondsPerWindow(firstDeliveries, origin + (from + 1) * 1000, 1000, seconds.length);
  for (const [i, second] of seconds.entries()) {
    for (const r of replicas) points.push({ second, metric: 'throughput', subject: r, value: counts.get(`${second}|${r}`) ?? 0 });
    const sample = lagBySecond.get(second);
    if (sample) for (const p of sample.partitions) points.push({ second, metric: 'lag', subject: String(p.partition), value: p.lag });
    const lagS = lagSeconds[i]!;
    for (const p of partitions) points.push({ second, metric: 'lag_seconds', subject: String(p), value: round3(lagS.get(p) ?? 0) });
  }
  for (const period of raw.load?.periods ?? []) {
    const second = secondOf(period.startAt);
    points.push({ second, metric: 'offered', subject: 'load', value: period.intended });
    points.push({ second, metric: 'http_ok', subject: 'load', value: period.ok });
  }
  return points;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
