import { HttpError } from '../shared/http.ts';
import { isPositiveInteger } from '../../harness/model/order-placed.ts';

export interface OrderRequest {
  productId: number;
  qty: number;
  payload?: string;
}

const KNOWN = new Set(['productId', 'qty', 'payload']);

/** Validates a POST /orders body; a 400 names every field that is wrong, not just the first. */
export function parseOrderRequest(body: unknown): OrderRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(
      400,
      `body must be a JSON object like {"productId": 1, "qty": 1}, got ${Array.isArray(body) ? 'an array' : typeof body === 'object' ? 'null' : typeof body}`,
    );
  }
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  problems.push(...fieldProblem('productId', b.productId));
  problems.push(...fieldProblem('qty', b.qty));
  if (b.payload !== undefined && typeof b.payload !== 'string') problems.push(`payload: expected a string, got ${typeOf(b.payload)}`);
  const unknown = Object.keys(b).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0)
    problems.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (allowed: productId, qty, payload)`);
  if (problems.length > 0) throw new HttpError(400, problems.join('; '));
  const request: OrderRequest = { productId: b.productId as number, qty: b.qty as number };
  if (typeof b.payload === 'string') request.payload = b.payload;
  return request;
}

function fieldProblem(name: string, value: unknown): string[] {
  if (value === undefined) return [`${name}: missing; expected a positive integer`];
  if (!isPositiveInteger(value)) return [`${name}: expected a positive integer, got ${typeOf(value)}`];
  return [];
}

function typeOf(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
