/**
 * kafkajs reports a failed admin call as `Topic creation errors` and keeps the per-topic reasons
 * in `errors`: this puts the broker's own reason (its error code's name and description) into
 * the message, so a failed cell says why.
 */
interface KafkaErrorLike {
  message?: string;
  type?: string;
  topic?: string;
  errors?: unknown[];
  cause?: unknown;
}

export function adminErrorReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as KafkaErrorLike;
  const inner = (e.errors ?? []).map((x) => {
    const i = x as KafkaErrorLike;
    const where = i.topic ? `${i.topic}: ` : '';
    return `${where}${i.type ? `${i.type} (${i.message ?? ''})` : (i.message ?? String(x))}`;
  });
  const type = e.type && !inner.length ? `${e.type}: ` : '';
  const cause = e.cause instanceof Error && !inner.length ? ` (${e.cause.message})` : '';
  return `${type}${e.message ?? ''}${inner.length ? `: ${inner.join('; ')}` : ''}${cause}`;
}

/** Wraps an admin call so its error names what was asked and the broker's reason. */
export async function withAdminReason<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw new Error(`${what} failed: ${adminErrorReason(err)}`, { cause: err });
  }
}
