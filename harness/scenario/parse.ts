/**
 * File text to plain data. Syntax errors become issues with the file, line and column, never a
 * parser's stack trace.
 */
import YAML from 'yaml';
import type { ScenarioIssue } from '../model/scenario.ts';

export type ParseResult = { readonly ok: true; readonly raw: unknown } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** JSON for `.json` files, YAML (1.2, duplicate keys rejected) for anything else. */
export function parseScenarioText(text: string, file: string): ParseResult {
  return file.endsWith('.json') ? parseJson(text, file) : parseYaml(text, file);
}

function parseYaml(text: string, file: string): ParseResult {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length === 0) return { ok: true, raw: doc.toJS() };
  return {
    ok: false,
    issues: doc.errors.map((error) => ({
      file,
      path: '',
      // The pretty message repeats the position and quotes the source; the position is enough.
      message: `invalid YAML: ${error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '')}`,
      line: error.linePos?.[0].line ?? 1,
      column: error.linePos?.[0].col ?? 1,
    })),
  };
}

function parseJson(text: string, file: string): ParseResult {
  try {
    return { ok: true, raw: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position === undefined ? text.length : Number(position);
    const before = text.slice(0, offset).split('\n');
    return {
      ok: false,
      issues: [
        {
          file,
          path: '',
          message: `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
          line: before.length,
          column: (before.at(-1)?.length ?? 0) + 1,
        },
      ],
    };
  }
}
