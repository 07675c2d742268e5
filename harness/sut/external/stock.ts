import { HarnessError } from '../../model/errors.ts';
import type { Replica } from '../system.ts';
import { fill } from '../../model/template.ts';

export function stockUrlFor(template: string, replica: Replica, productId: number): string {
  return fill(template, { index: replica.index, port: replica.record.port ?? 0, productId });
}

/** One reading; `strict` (at the start) turns a bad answer into an error naming system.stockUrl. */
export async function readStock(url: string, strict: boolean): Promise<number | null> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  } catch (err) {
    if (!strict) return null;
    throw new HarnessError('SERVICE_START_FAILED', `system.stockUrl: ${url} did not answer (${err instanceof Error ? err.message : String(err)})`, { hint: 'the template is filled with {index}, {port} and {productId} per replica' });
  }
  const text = await response.text();
  if (!response.ok) {
    if (!strict) return null;
    throw new HarnessError('SERVICE_START_FAILED', `system.stockUrl: ${url} answered HTTP ${response.status}`, { hint: 'the URL must answer 200 with the stock as JSON: a number or {"stock": n}' });
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
    throw new HarnessError('SERVICE_START_FAILED', `system.stockUrl: ${url} answered ${JSON.stringify(text.slice(0, 80))}, not JSON with a stock`, { hint: 'the URL must answer 200 with the stock as JSON: a number or {"stock": n}' });
  }
  return stock;
}
