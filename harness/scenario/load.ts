/**
 * Finding and reading scenario files. A bare name means `scenarios/<name>.yaml|.yml|.json` in this
 * repository whatever the working directory; anything that looks like a path is used as is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../model/errors.ts';
import { repoRoot } from '../paths.ts';
import { parseScenarioText } from './parse.ts';
import type { Scenario, ValidationResult } from '../model/scenario.ts';
import { SCENARIO_EXTENSIONS, ScenarioInvalidError, fileStem, validateScenario } from './validate.ts';

export const SCENARIOS_DIR = path.join(repoRoot, 'scenarios');

export interface ScenarioSummary {
  readonly name: string;
  readonly description: string;
  readonly file: string;
  /** False when the file has problems; `loadScenario` would list them. */
  readonly valid: boolean;
}

export interface LoadOptions {
  /** Where bare names are looked up; the shipped `scenarios/` by default. */
  readonly dir?: string;
}

export function loadScenario(nameOrPath: string, options: LoadOptions = {}): Scenario {
  const file = resolveScenarioFile(nameOrPath, options);
  const result = readScenarioFile(file);
  if (!result.ok) throw new ScenarioInvalidError(displayPath(file), result.issues);
  return result.scenario;
}

/** Reads, parses and validates one file without throwing for anything wrong in its content. */
export function readScenarioFile(file: string): ValidationResult {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no scenario file at' : `cannot read (${code ?? 'unknown error'}) scenario file`;
    throw notFound(`${reason} ${shown}`, SCENARIOS_DIR, error);
  }
  const parsed = parseScenarioText(text, shown);
  return parsed.ok ? validateScenario(parsed.raw, shown) : parsed;
}

export function resolveScenarioFile(nameOrPath: string, options: LoadOptions = {}): string {
  const dir = options.dir ?? SCENARIOS_DIR;
  if (!isBareName(nameOrPath)) return path.resolve(nameOrPath);
  const files = new Set(scenarioFiles(dir));
  const file = SCENARIO_EXTENSIONS.map((ext) => nameOrPath + ext).find((f) => files.has(f));
  if (file === undefined) throw notFound(`no scenario named "${nameOrPath}" in ${displayPath(dir)}${path.sep}`, dir);
  return path.join(dir, file);
}

/** What `--list` shows, in name order; a broken file is listed, marked invalid, not skipped. */
export function listScenarios(dir: string = SCENARIOS_DIR): ScenarioSummary[] {
  return scenarioFiles(dir).map((name) => {
    const file = path.join(dir, name);
    const result = readScenarioFile(file);
    return {
      name: fileStem(name),
      description: result.ok ? result.scenario.description : '',
      file: displayPath(file),
      valid: result.ok,
    };
  });
}

/** Relative to the working directory when the file is under it, so messages stay short. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function isBareName(value: string): boolean {
  return !/[\\/]/.test(value) && !SCENARIO_EXTENSIONS.some((ext) => value.endsWith(ext));
}

/** File names in `dir`, one per scenario name (.yaml before .yml before .json), sorted by name. */
function scenarioFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const byName = new Map<string, string>();
  for (const ext of SCENARIO_EXTENSIONS) {
    for (const entry of entries) {
      if (entry.endsWith(ext) && !byName.has(fileStem(entry))) byName.set(fileStem(entry), entry);
    }
  }
  return [...byName].sort(([a], [b]) => a.localeCompare(b)).map(([, entry]) => entry);
}

function notFound(message: string, dir: string, cause?: unknown): HarnessError {
  const names = scenarioFiles(dir).map(fileStem);
  const shipped = names.length === 0 ? `none in ${displayPath(dir)}` : names.join(', ');
  return new HarnessError('SCENARIO_NOT_FOUND', `${message}; scenarios available: ${shipped}`, {
    hint: 'pass one of those names, or a path to a .yaml, .yml or .json scenario file',
    ...(cause === undefined ? {} : { cause }),
  });
}
