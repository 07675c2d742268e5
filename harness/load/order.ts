import { uniformInt, type Random } from './random.ts';
import type { PayloadSpec } from '../model/load.ts';

/** The request body: `{"productId": <uniform in 1..productIds>, "qty": <qty>}`. */
export function orderBody(payload: PayloadSpec, random: Random): string {
  return orderBodyFor(uniformInt(random, payload.productIds), payload.qty);
}

/** The same body for a given product id (what JSON.stringify writes for integers). */
export function orderBodyFor(productId: number, qty: number): string {
  return `{"productId":${productId},"qty":${qty}}`;
}

/** The order in a 2xx answer, or undefined when the body is not `{orderId: string, createdAt: number}`. */
export function parseAcceptedOrder(body: string): { orderId: string; createdAt: number } | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { orderId, createdAt } = parsed as Record<string, unknown>;
    if (typeof orderId !== 'string' || typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return undefined;
    return { orderId, createdAt };
  } catch {
    return undefined;
  }
}
