import { HarnessError } from '../../model/errors.ts';
import { fill } from '../../model/template.ts';
import type { Replica } from '../types.ts';

/*
 * The stock a replica reports, read the way the lab does (`GET .../inventories/{productId}`): the
 * answer is a JSON number or an object with a numeric `stock`. With a reading before the load and
 * one after the drain, the decrements add up to what the group processed; more is orders processed
 * twice (harness/model/kafka-observation.ts StockReading).
 */

export function stockUrlFor(template: string, replica: Replica, productId: number): string {
  return fill(template, { index: replica.index, port: replica.record.port ?? 0, productId });
}

/** A service's HTTP may come up after its consumer has joined (Spring Boot starts its listeners first). */
const RETRY_MS = 250;

/**
 * One reading; `strict` (at the start) turns a bad answer into an error naming system.stockUrl.
 * Until `retryUntil` (epoch ms), no answer or a 5xx is asked again: the service is still starting.
 */
export async function readStock(url: string, strict: boolean, retryUntil = 0): Promise<number | null> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    if (response.status >= 500 && Date.now() < retryUntil) throw new Error(`HTTP ${response.status}`);
  } catch (err) {
    if (Date.now() < retryUntil) {
      await new Promise((r) => setTimeout(r, RETRY_MS));
      return readStock(url, strict, retryUntil);
    }
    if (!strict) return null;
    throw new HarnessError(
      'SERVICE_START_FAILED',
      `system.stockUrl: ${url} did not answer (${err instanceof Error ? err.message : String(err)})${retryUntil > 0 ? ' within system.replicas.joinTimeoutS' : ''}`,
      {
        hint: 'the template is filled with {index}, {port} and {productId} per replica',
      },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    if (!strict) return null;
    throw new HarnessError('SERVICE_START_FAILED', `system.stockUrl: ${url} answered HTTP ${response.status}`, {
      hint: 'the URL must answer 200 with the stock as JSON: a number or {"stock": n}',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const stock = typeof parsed === 'number' ? parsed : typeof parsed === 'object' && parsed !== null ? (parsed as { stock?: unknown }).stock : undefined;
  if (typeof stock !== 'number' || !Number.isFinite(stock)) {
    if (!strict) return null;
    throw new HarnessError('SERVICE_START_FAILED', `system.stockUrl: ${url} answered ${JSON.stringify(text.slice(0, 80))}, not JSON with a stock`, {
      hint: 'the URL must answer 200 with the stock as JSON: a number or {"stock": n}',
    });
  }
  return stock;
}
