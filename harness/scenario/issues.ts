/**
 * Turns schema issues into lines a person can act on: `<file>: <field.path>: expected X, got Y`.
 */
import type { z } from 'zod';
import type { ScenarioIssue } from '../model/scenario.ts';

type Path = readonly PropertyKey[];
type ZodIssue = z.core.$ZodIssue;

/** `timeline[2].replica`, `load.rate`; '' for the whole file. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += (out === '' ? '' : '.') + String(segment);
  }
  return out;
}

/** How a found value is shown after "got": short, and quoted when it is a string. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'number') return String(value); // JSON would show Infinity as null
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

export function issueAt(file: string, path: Path, message: string): ScenarioIssue {
  return { file, path: formatPath(path), message };
}

/** "expected X, got Y" for a value at a path. */
export function expectedAt(file: string, path: Path, expected: string, found: unknown): ScenarioIssue {
  return issueAt(file, path, `expected ${expected}, got ${describeValue(found)}`);
}

export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

/**
 * Fallback for any issue a schema leaf did not describe itself: says what was expected in words,
 * so the message still reads "expected ..., got ...".
 */
export function describeExpected(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `a value of type ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `a value ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `a value ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    default:
      return undefined;
  }
}

/** One scenario issue per problem; zod groups some (unknown keys, sweep unions) that we split. */
export function fromZodIssues(file: string, issues: readonly ZodIssue[], prefix: Path = []): ScenarioIssue[] {
  return issues.flatMap((issue) => fromZodIssue(file, issue, prefix));
}

function fromZodIssue(file: string, issue: ZodIssue, prefix: Path): ScenarioIssue[] {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => issueAt(file, [...path, key], issue.message));
    case 'custom':
      // Our own refinements write the whole "expected ..., got ..." text.
      return [issueAt(file, path, `expected ${issue.message}`)];
    case 'invalid_union': {
      // A discriminated union (timeline events) whose `action` matched none of its options.
      if (issue.discriminator !== undefined && issue.errors.length === 0) {
        const found = isRecord(issue.input) ? issue.input[issue.discriminator] : undefined;
        return [expectedAt(file, path, issue.message, found)];
      }
      // A sweep is `value | list of values`: when the input's shape picks one branch, report
      // that branch's precise issue (`load.rate[1]`) rather than "neither branch matched".
      const matched = issue.errors.filter((branch) => !branch.some(isTypeMismatchAtRoot));
      if (matched.length === 1 && matched[0] !== undefined) {
        return fromZodIssues(file, matched[0], path);
      }
      return [expectedAt(file, path, issue.message, issue.input)];
    }
    default:
      return [expectedAt(file, path, issue.message, issue.input)];
  }
}

function isTypeMismatchAtRoot(issue: ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
