import autocannon from 'autocannon';
import { HarnessError } from '../model/errors.ts';
import { orderBody } from './order.ts';
import { LOAD_PLAN_DEFAULTS } from './plan.ts';
import { seededRandom } from './random.ts';
import type { PayloadSpec } from '../model/load.ts';

export interface SaturationOptions {
  url: string;
  connections: number;
  durationS: number;
  payload?: PayloadSpec;
  seed?: number;
  requestTimeoutS?: number;
}

/**
 * The most orders per second the service takes: closed loop, each connection sends its next
 * request as soon as the last is answered (autocannon). The latency is closed-loop latency,
 * measured from each actual send, at autocannon's 1 ms resolution; it says nothing about
 * latency at a given offered rate (use startLoad for that).
 */
export interface SaturationResult {
  mode: 'closed-loop';
  connections: number;
  /** Seconds the run really took. */
  durationS: number;
  /** 2xx answers per second. */
  rps: number;
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  latency: { meanMs: number; p50Ms: number; p90Ms: number; p99Ms: number; p999Ms: number; maxMs: number };
}

export async function saturate(options: SaturationOptions): Promise<SaturationResult> {
  const problems = validateSaturation(options);
  if (problems.length > 0) {
    throw new HarnessError('BAD_ARGUMENT', `invalid saturation run:\n  - ${problems.join('\n  - ')}`);
  }
  const payload = options.payload ?? LOAD_PLAN_DEFAULTS.payload;
  const random = seededRandom(options.seed ?? LOAD_PLAN_DEFAULTS.seed);
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationS,
    timeout: options.requestTimeoutS ?? LOAD_PLAN_DEFAULTS.requestTimeoutMs / 1000,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: orderBody(payload, random) }) }],
  });
  const { latency } = result;
  return {
    mode: 'closed-loop',
    connections: result.connections,
    durationS: result.duration,
    rps: result.duration > 0 ? result['2xx'] / result.duration : 0,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: {
      meanMs: latency.mean,
      p50Ms: latency.p50,
      p90Ms: latency.p90,
      p99Ms: latency.p99,
      p999Ms: latency.p99_9,
      maxMs: latency.max,
    },
  };
}

function validateSaturation(o: SaturationOptions): string[] {
  const errors: string[] = [];
  let isHttp = false;
  try {
    isHttp = new URL(o.url).protocol === 'http:';
  } catch {}
  if (!isHttp) errors.push(`url: expected an http:// URL, got ${JSON.stringify(o.url)}`);
  if (!Number.isSafeInteger(o.connections) || o.connections < 1) {
    errors.push(`connections: expected an integer >= 1, got ${o.connections}`);
  }
  if (!Number.isFinite(o.durationS) || o.durationS <= 0) errors.push(`durationS: expected seconds > 0, got ${o.durationS}`);
  return errors;
}
