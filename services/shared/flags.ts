import { HarnessError } from '../../harness/model/errors.ts';

/**
 * Turns raw flag values (strings from yargs or the environment) into typed options while
 * collecting every problem, so a person sees all bad flags at once on one line.
 * yargs only declares and parses the flags: its own number coercion turns "abc" into NaN
 * silently, so the conversion lives here.
 */
export class FlagProblems {
  private readonly problems: string[] = [];

  /** `envPrefix`: where else the values may have come from (`ORDER_` variables), for the hint. */
  constructor(private readonly envPrefix?: string) {}

  add(flag: string, expected: string, got: unknown): void {
    this.problems.push(`--${flag}: expected ${expected}, got ${describe(got)}`);
  }

  /** A problem in its own words: `--<flag>: <message>`. */
  say(flag: string, message: string): void {
    this.problems.push(`--${flag}: ${message}`);
  }

  isEmpty(): boolean {
    return this.problems.length === 0;
  }

  integer(flag: string, raw: unknown, range: { min: number; max?: number }): number {
    const value = single(raw);
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(n) || n < range.min || n > max) {
      this.add(flag, `an integer ${rangeText(range.min, range.max)}`, raw);
      return range.min;
    }
    return n;
  }

  number(flag: string, raw: unknown, range: { min: number; max?: number }): number {
    const value = single(raw);
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n) || n < range.min || (range.max !== undefined && n > range.max)) {
      this.add(flag, `a number ${rangeText(range.min, range.max)}`, raw);
      return range.min;
    }
    return n;
  }

  choice<T extends string>(flag: string, raw: unknown, choices: readonly T[]): T {
    const value = single(raw);
    const found = choices.find((c) => c === String(value));
    if (found === undefined) {
      this.add(flag, `one of ${choices.join('|')}`, raw);
      return choices[0] as T;
    }
    return found;
  }

  text(flag: string, raw: unknown, rule: { pattern: RegExp; expected: string }): string {
    const value = single(raw);
    if (typeof value !== 'string' || !rule.pattern.test(value)) {
      this.add(flag, rule.expected, raw);
      return '';
    }
    return value;
  }

  boolean(flag: string, raw: unknown): boolean {
    const value = single(raw);
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    this.add(flag, 'true or false', raw);
    return false;
  }

  /** Throws one BAD_ARGUMENT error that lists every problem found so far. */
  throwIfAny(): void {
    if (this.problems.length > 0) {
      const env = this.envPrefix ? `; ${this.envPrefix}_<FLAG> environment variables set flags too` : '';
      throw new HarnessError('BAD_ARGUMENT', this.problems.join('; '), { hint: `run with --help to see every flag and its default${env}` });
    }
  }
}

function single(raw: unknown): unknown {
  // yargs turns a flag given twice into an array; the last one would silently win otherwise.
  return Array.isArray(raw) ? Symbol.for('repeated') : raw;
}

function rangeText(min: number, max: number | undefined): string {
  return max === undefined ? `>= ${min}` : `in ${min}..${max}`;
}

function describe(got: unknown): string {
  if (Array.isArray(got)) return `it more than once (${got.map((g) => JSON.stringify(g)).join(', ')})`;
  if (got === undefined) return 'nothing';
  return JSON.stringify(got);
}
