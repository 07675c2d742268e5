/**
 * Validation the k6 way: one pass returns every problem, never only the first. `validateScenario`
 * returns them; `assertValidScenario` throws them all in one SCENARIO_INVALID error.
 */
import path from 'node:path';
import { HarnessError } from '../model/errors.ts';
import { crossCheckInput, crossFieldIssues, type CrossCheckInput } from './checks.ts';
import { describeExpected, expectedAt, formatIssue, fromZodIssues } from './issues.ts';
import { loadSchema, scenarioSchema, timelineEventSchema, topologySchema } from './options.ts';
import type { Scenario, ScenarioIssue, ValidationResult } from '../model/scenario.ts';

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** Carries the structured issues as well as the printable message. */
export class ScenarioInvalidError extends HarnessError {
  readonly issues: readonly ScenarioIssue[];

  constructor(file: string, issues: readonly ScenarioIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const lines = issues.map(formatIssue).join('\n');
    super('SCENARIO_INVALID', `${file} is not a valid scenario (${count}):\n${lines}`, {
      hint: 'fix the fields listed; every field and its default is documented in harness/scenario/options.ts',
    });
    this.issues = issues;
  }
}

/** `raw` is the parsed file content; `file` is how issues name the file. */
export function validateScenario(raw: unknown, file: string): ValidationResult {
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true, error: describeExpected });
  const issues = parsed.success ? [] : fromZodIssues(file, parsed.error.issues);
  const consumerListed = Array.isArray(child(child(raw, 'topology'), 'consumer'));
  issues.push(...crossFieldIssues(file, { ...(parsed.success ? crossCheckInput(parsed.data) : salvage(raw)), consumerListed }));

  // The name defaults to the file's; another one is accepted and names the results folder
  // (`--scenario <name>` still finds a shipped file by its file name).
  const stem = fileStem(file);
  const given = valid(scenarioSchema.shape.name, child(raw, 'name'));
  if (child(raw, 'name') === undefined && !scenarioSchema.shape.name.safeParse(stem).success) {
    issues.push(expectedAt(file, ['name'], 'a name of lowercase letters, digits and "-" (the file\'s name is not one: give `name:`)', stem));
  }

  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const scenario: Scenario = { ...parsed.data, name: given ?? stem };
  return { ok: true, scenario };
}

export function assertValidScenario(raw: unknown, file: string): Scenario {
  const result = validateScenario(raw, file);
  if (!result.ok) throw new ScenarioInvalidError(file, result.issues);
  return result.scenario;
}

export function fileStem(file: string): string {
  const base = path.basename(file);
  const extension = SCENARIO_EXTENSIONS.find((ext) => base.endsWith(ext));
  return extension === undefined ? base : base.slice(0, -extension.length);
}

/** When the whole file fails, the fields that are valid on their own still feed the cross checks. */
function salvage(raw: unknown): CrossCheckInput {
  const topology = child(raw, 'topology');
  const load = child(raw, 'load');
  return {
    nodes: valid(scenarioSchema.shape.cluster, child(raw, 'cluster') ?? {})?.nodes,
    kafkaVersions: valid(scenarioSchema.shape.cluster, child(raw, 'cluster') ?? {})?.kafkaVersion,
    partitions: valid(topologySchema.shape.partitions, child(topology, 'partitions')),
    replicas: valid(topologySchema.shape.replicas, child(topology, 'replicas')),
    consumer: valid(topologySchema.shape.consumer, child(topology, 'consumer')),
    durationS: valid(loadSchema.shape.durationS, child(load, 'durationS')),
    connections: valid(loadSchema.shape.connections, child(load, 'connections')),
    rate: valid(loadSchema.shape.rate, child(load, 'rate')),
    workers: valid(loadSchema.shape.workers, child(load, 'workers')),
    timeline: salvageTimeline(child(raw, 'timeline')),
  };
}

/** Each event on its own, so a bad one does not hide the timing of the others. */
function salvageTimeline(value: unknown): CrossCheckInput['timeline'] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  return value.map((event: unknown) => valid(timelineEventSchema, event));
}

function child(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

type SafeParser<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false } };

function valid<T>(schema: SafeParser<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}
