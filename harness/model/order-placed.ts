/**
 * The one event that crosses the topic. The order service writes it, inventory replicas read it;
 * both sides validate with the same rules.
 */
export interface OrderPlaced {
  type: 'OrderPlaced';
  orderId: string;
  productId: number;
  qty: number;
  /** Epoch ms when the order service received the HTTP request: the start of end-to-end latency. */
  createdAt: number;
  /** Optional filler a load shape may use to set the message size; carried, never interpreted. */
  payload?: string;
}

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export type ParsedEvent = { ok: true; event: OrderPlaced } | { ok: false; reason: string };

/** Decodes a record value; anything that is not a well-formed OrderPlaced is poison. */
export function parseOrderPlaced(value: Buffer | null): ParsedEvent {
  if (value === null) return { ok: false, reason: 'record has no value' };
  let data: unknown;
  try {
    data = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'value is not JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'value is not a JSON object' };
  const e = data as Record<string, unknown>;
  const problems: string[] = [];
  if (e.type !== 'OrderPlaced') problems.push(`type is ${JSON.stringify(e.type)}, not "OrderPlaced"`);
  if (typeof e.orderId !== 'string' || e.orderId === '') problems.push('orderId is not a non-empty string');
  if (!isPositiveInteger(e.productId)) problems.push('productId is not a positive integer');
  if (!isPositiveInteger(e.qty)) problems.push('qty is not a positive integer');
  if (typeof e.createdAt !== 'number' || !Number.isFinite(e.createdAt)) problems.push('createdAt is not a number');
  if (e.payload !== undefined && typeof e.payload !== 'string') problems.push('payload is not a string');
  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  return { ok: true, event: data as OrderPlaced };
}
