/**
 * Argv templates for a user's own replicas: a list of strings in which `{name}` placeholders are
 * replaced, one argument at a time. No shell ever sees them, so a value with spaces or quotes is
 * one argument, and nothing a broker address contains can become a command.
 */

export const REPLICA_PLACEHOLDERS = ['index', 'port', 'brokers', 'topic', 'group'] as const;
export const SCALE_PLACEHOLDERS = ['replicas', 'brokers', 'topic', 'group'] as const;
export const STOCK_URL_PLACEHOLDERS = ['index', 'port', 'productId'] as const;
export const BODY_PLACEHOLDERS = ['productId', 'qty', 'seq'] as const;
/** Topic and group names may name the run, so repeats and cells get their own. */
export const NAME_PLACEHOLDERS = ['run', 'cell', 'repeat'] as const;

/** `{name}` with an identifier inside: JSON braces (`{"a":1}`) are never placeholders. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholder names a string uses, in order, repeated ones once. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** The placeholders of `text` that are not in `allowed`. */
export function unknownPlaceholders(text: string, allowed: readonly string[]): string[] {
  return placeholdersIn(text).filter((p) => !allowed.includes(p));
}

/** Replaces every `{name}`; a name without a value is a programming error here (validation ran first). */
export function fill(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${whole} in "${text}"`);
    return String(value);
  });
}

export function fillArgv(argv: readonly string[], values: Readonly<Record<string, string | number>>): string[] {
  return argv.map((a) => fill(a, values));
}
