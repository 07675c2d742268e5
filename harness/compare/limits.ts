import { readFileSync } from 'node:fs';
import YAML, { isMap, isScalar, LineCounter } from 'yaml';
import { HarnessError } from '../model/errors.ts';
import { isMetric, METRIC_NAMES } from './metrics.ts';
import type { Limit, Operator } from './types.ts';

/**
 * Limits come from `--threshold <metric><op><limit>` flags and from a YAML file that maps a
 * metric to one limit or a list of them:
 *
 *   orders_lost: 0                    # same as "=0"
 *   e2e_p99_ms: +50%                  # relative: at most 50% above the baseline
 *   achieved_rate: -5%                # relative: at most 5% below the baseline
 *   rebalance_pause_max_ms: "<5000"   # absolute; quote values that start with < or >
 *   fairness: [">=0.9", "-10%"]
 *
 * Every problem in a file or in the flags is reported at once, each with where it came from.
 */
const EXPRESSION = /^\s*([A-Za-z0-9_]+)\s*(<=|>=|<|>|=)\s*(.*?)\s*$/;
const RELATIVE = /^([+-])(\d+(?:\.\d+)?)\s*%$/;

type Parsed = { ok: true; limit: Limit } | { ok: false; problem: string };

export function parseLimit(expression: string, source: string): Parsed {
  const match = EXPRESSION.exec(expression);
  if (!match) return { ok: false, problem: `"${expression}": expected <metric><op><limit>, e.g. e2e_p99_ms=+10% or orders_lost=0 (op: = < <= > >=)` };
  const [, metric = '', op = '=', limitText = ''] = match;
  if (!isMetric(metric)) return { ok: false, problem: `"${expression}": unknown metric ${metric} (metrics: ${METRIC_NAMES.join(', ')})` };
  const relative = RELATIVE.exec(limitText);
  if (relative) {
    if (op !== '=') return { ok: false, problem: `"${expression}": a relative limit is written ${metric}=+N% or ${metric}=-N%, without ${op}` };
    const direction = relative[1] === '+' ? 'up' : 'down';
    const percent = Number(relative[2]);
    return { ok: true, limit: { metric, kind: 'relative', direction, percent, text: `${metric}=${relative[1]}${percent}%`, source } };
  }
  const value = limitText === '' ? Number.NaN : Number(limitText);
  if (!Number.isFinite(value)) {
    return { ok: false, problem: `"${expression}": expected a number or a relative change like +10% / -5% after ${op}, got "${limitText}"` };
  }
  return { ok: true, limit: { metric, kind: 'absolute', op: op as Operator, value, text: `${metric}${op}${value}`, source } };
}

/** The --threshold flags: all of them parsed, or one error listing every bad one. */
export function limitsFromFlags(expressions: readonly string[]): Limit[] {
  const parsed = expressions.map((e) => parseLimit(e, '--threshold'));
  const problems = parsed.flatMap((p) => (p.ok ? [] : [`--threshold ${p.problem}`]));
  if (problems.length > 0) throw invalid(problems);
  return parsed.flatMap((p) => (p.ok ? [p.limit] : []));
}

/** A thresholds YAML file, validated strictly: an unknown metric or a bad limit is an error. */
export function limitsFromFile(file: string, shownAs = file): Limit[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HarnessError('THRESHOLD_INVALID', `${shownAs}: cannot read the thresholds file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, {
      hint: 'pass --thresholds <file.yaml>, e.g. bench/thresholds.yaml',
      cause: err,
    });
  }
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(
      doc.errors.map((e) => `${shownAs}:${e.linePos?.[0].line ?? 1}: invalid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`),
      true,
    );
  }
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) throw invalid([`${shownAs}: expected a mapping of metric: limit, e.g. "e2e_p99_ms: +10%"`]);
  const limits: Limit[] = [];
  const problems: string[] = [];
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const at = `${shownAs}:${isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : '?'}: ${key}`;
    if (!isMetric(key)) {
      problems.push(`${at}: unknown metric (metrics: ${METRIC_NAMES.join(', ')})`);
      continue;
    }
    const value = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
    const entries = Array.isArray(value) ? value : [value];
    if (entries.length === 0) problems.push(`${at}: expected a limit or a list of limits, got an empty list`);
    for (const entry of entries) {
      if (typeof entry !== 'number' && typeof entry !== 'string') {
        problems.push(`${at}: expected a limit like 0, "+10%", "-5%" or "<5000", got ${JSON.stringify(entry)}`);
        continue;
      }
      const body = String(entry).trim();
      const parsed = parseLimit(/^(<|>|=)/.test(body) ? `${key}${body}` : `${key}=${body}`, shownAs);
      if (parsed.ok) limits.push(parsed.limit);
      else problems.push(`${at}: ${parsed.problem}`);
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return limits;
}

/** A metric named on the command line replaces the file's limits for that metric. */
export function mergeLimits(fromFile: readonly Limit[], fromFlags: readonly Limit[]): Limit[] {
  const overridden = new Set(fromFlags.map((l) => l.metric));
  return [...fromFile.filter((l) => !overridden.has(l.metric)), ...fromFlags];
}

function invalid(problems: readonly string[], yamlSyntax = false): HarnessError {
  const [first, ...rest] = problems;
  return new HarnessError('THRESHOLD_INVALID', [first, ...rest.map((p) => `  ${p}`)].join('\n'), {
    hint: yamlSyntax
      ? 'quote limits that start with < or >, e.g. "<5000"'
      : 'a limit is <metric>=+N% / -N% (relative) or <metric><op><number> with op = < <= > >=',
  });
}
