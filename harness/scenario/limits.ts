/**
 * What one machine can give a run, checked before anything starts: a scenario asking for
 * 100,000 replica processes or 1e12 orders/s is a typo's worth of zeros, not an experiment. Each
 * limit names its field, the limit and the variable that raises it for a bigger machine.
 */
import { expectedAt } from './issues.ts';
import type { ScenarioIssue, Sweep } from '../model/scenario.ts';

export interface MachineLimit {
  /** The environment variable that raises it. */
  readonly env: string;
  readonly value: number;
  /** Why there is a limit at all, in a few words. */
  readonly why: string;
}

export const LIMIT_DEFAULTS = {
  replicas: { env: 'KSB_MAX_REPLICAS', value: 32, why: 'each inventory replica is a process of its own' },
  partitions: { env: 'KSB_MAX_PARTITIONS', value: 1000, why: 'each partition is files and a fetch session on every broker' },
  rate: { env: 'KSB_MAX_RATE', value: 50_000, why: 'orders/s one load generator can offer; run segments on other machines for more' },
  connections: { env: 'KSB_MAX_CONNECTIONS', value: 1024, why: 'HTTP connections to the order service' },
  workers: { env: 'KSB_MAX_WORKERS', value: 64, why: 'load-generator threads' },
  durationS: { env: 'KSB_MAX_DURATION_S', value: 6 * 3600, why: 'seconds of measurement per run' },
} as const satisfies Record<string, MachineLimit>;

export type LimitName = keyof typeof LIMIT_DEFAULTS;

export function machineLimits(env: NodeJS.ProcessEnv = process.env): Record<LimitName, MachineLimit> {
  const out = {} as Record<LimitName, MachineLimit>;
  for (const [name, limit] of Object.entries(LIMIT_DEFAULTS) as [LimitName, MachineLimit][]) {
    const raised = Number(env[limit.env]);
    out[name] = { ...limit, value: Number.isFinite(raised) && raised > 0 ? raised : limit.value };
  }
  return out;
}

/** A setRate or rampRate's highest rate, by its place in the timeline and the field that sets it. */
export interface StepRate {
  index: number;
  field: 'rate' | 'factor';
  /** The factor as given, for a factor. */
  factor: number;
  /** orders/s it goes to (a factor's in the cell with the highest load.rate). */
  rate: number;
}

export interface LimitInput {
  partitions?: Sweep<number> | undefined;
  replicas?: Sweep<number> | undefined;
  /** The most partitions and replicas the timeline raises them to on top. */
  alteredPartitions?: number | undefined;
  addedReplicas?: number | undefined;
  rate?: Sweep<number> | undefined;
  connections?: Sweep<number> | undefined;
  workers?: number | undefined;
  durationS?: number | undefined;
  /** The rate each setRate or rampRate goes to at most, by its place in the timeline. */
  stepRates?: readonly StepRate[] | undefined;
}

export function limitIssues(file: string, input: LimitInput, limits = machineLimits()): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const check = (path: (string | number)[], name: LimitName, found: number | undefined, what: string) => {
    const limit = limits[name];
    if (found === undefined || found <= limit.value) return;
    issues.push(
      expectedAt(
        file,
        path,
        `at most ${limit.value.toLocaleString('en-US')} ${what} on one machine (${limit.why}; for a bigger machine raise it with ${limit.env}=<n>)`,
        found,
      ),
    );
  };
  const most = (values: Sweep<number> | undefined) => (values === undefined ? undefined : Math.max(...values));
  const replicas = most(input.replicas);
  check(
    ['topology', 'replicas'],
    'replicas',
    replicas === undefined ? undefined : replicas + (input.addedReplicas ?? 0),
    input.addedReplicas ? "replicas (with the timeline's addReplica)" : 'replicas',
  );
  check(['topology', 'partitions'], 'partitions', Math.max(most(input.partitions) ?? 0, input.alteredPartitions ?? 0) || undefined, 'partitions');
  check(['load', 'rate'], 'rate', most(input.rate), 'orders/s');
  for (const step of input.stepRates ?? []) {
    if (step.field === 'rate') check(['timeline', step.index, 'rate'], 'rate', step.rate, 'orders/s');
    else if (step.rate > limits.rate.value) {
      const { value, env, why } = limits.rate;
      const most = step.factor * (value / step.rate);
      issues.push(
        expectedAt(
          file,
          ['timeline', step.index, 'factor'],
          `at most ${Math.floor(most * 1000) / 1000}: ${step.factor} × the highest load.rate is ${step.rate.toLocaleString('en-US')} orders/s, over ${value.toLocaleString('en-US')} on one machine (${why}; for a bigger machine raise it with ${env}=<n>)`,
          step.factor,
        ),
      );
    }
  }
  check(['load', 'connections'], 'connections', most(input.connections), 'connections');
  check(['load', 'workers'], 'workers', input.workers, 'workers');
  check(['load', 'durationS'], 'durationS', input.durationS, 'seconds');
  return issues;
}
