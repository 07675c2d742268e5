/** The client nests errors (MultipleErrors.errors, cause); one line of their distinct messages. */
export function describeError(err: unknown): string {
  const messages: string[] = [];
  const visit = (e: unknown, depth: number): void => {
    if (!e || typeof e !== 'object' || depth > 5) return;
    const { message, apiId, errors, cause } = e as { message?: string; apiId?: string; errors?: unknown[]; cause?: unknown };
    const text = apiId ? `${apiId}: ${message ?? ''}` : message;
    if (text && !messages.includes(text)) messages.push(text);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
    visit(cause, depth + 1);
  };
  visit(err, 0);
  return messages.join('; ') || String(err);
}

export function hasApiId(err: unknown, apiId: string): boolean {
  const e = err as { findBy?: (property: string, value: unknown) => unknown };
  return typeof e?.findBy === 'function' && Boolean(e.findBy('apiId', apiId));
}
