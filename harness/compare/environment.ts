import { variantOfRow, type Results } from '../results/read.ts';

/**
 * Where two runs' environments differ, from run.json and summary.csv: a comparison across a
 * changed Kafka setup or consumer client measures the change of setup, not of the code, and
 * must say so before its verdict. `setup` marks those two; the others (git revision, machine,
 * scenario) are what a reader checks next.
 */
export interface EnvironmentDifference {
  readonly aspect: 'kafka' | 'client' | 'git' | 'machine' | 'scenario';
  readonly baseline: string;
  readonly candidate: string;
  /** The system measured differs (Kafka mode, node count or version, consumer client or protocol). */
  readonly setup: boolean;
}

export interface Environment {
  readonly kafka: string;
  readonly client: string;
  readonly git: string;
  readonly machine: string;
  readonly scenario: string;
}

export function environmentOf(r: Results): Environment {
  const m = r.meta;
  const nodes = m.kafka?.nodes;
  // The release (4.4.0, or `4.1.1, 4.4.0` for a sweep over releases), or what an external cluster
  // reports (`metadata.version 4.1-IV1`): a different one is a different system measured.
  const version = m.versions?.kafka;
  const kafka = m.kafka
    ? `${m.kafka.mode}, ${nodes === undefined ? '? nodes' : `${nodes} node${nodes === 1 ? '' : 's'}`}${version && version !== 'external' ? `, Kafka ${version}` : ''}`
    : 'unknown';
  const variants = [...new Set(r.summary.map(variantOfRow))].sort();
  const git = m.git?.sha ? `${m.git.sha.slice(0, 8)}${m.git.dirty ? '+dirty' : ''}` : 'unknown';
  const machine = m.machine
    ? `${m.machine.hostname}: ${m.machine.cpus} x ${m.machine.cpuModel}, ${Math.round(m.machine.memoryBytes / 2 ** 30)} GiB`
    : 'unknown';
  const scenario = `${m.scenario?.name ?? '?'} ${m.scenarioHash ? m.scenarioHash.slice(0, 8) : '?'}`;
  return { kafka, client: variants.join(', ') || 'unknown', git, machine, scenario };
}

export function environmentDifferences(baseline: Results, candidate: Results): EnvironmentDifference[] {
  const b = environmentOf(baseline);
  const c = environmentOf(candidate);
  const aspects = ['kafka', 'client', 'git', 'machine', 'scenario'] as const;
  return aspects
    .filter((a) => b[a] !== c[a])
    .map((aspect) => ({ aspect, baseline: b[aspect], candidate: c[aspect], setup: aspect === 'kafka' || aspect === 'client' }));
}

const LABEL: Record<EnvironmentDifference['aspect'], string> = {
  kafka: 'Kafka setup',
  client: 'consumer client',
  git: 'git revision',
  machine: 'machine',
  scenario: 'scenario (name, hash)',
};

export function describeDifference(d: EnvironmentDifference): string {
  return `${LABEL[d.aspect]}: ${d.baseline} (baseline) vs ${d.candidate} (candidate)`;
}

/** The line said before the verdict when the system measured is not the same one. */
export function setupWarning(diffs: readonly EnvironmentDifference[]): string | undefined {
  const setup = diffs.filter((d) => d.setup);
  if (setup.length === 0) return undefined;
  return `NOT LIKE FOR LIKE: the ${setup.map((d) => LABEL[d.aspect]).join(' and the ')} differ${setup.length === 1 ? 's' : ''} between the runs; a change below may be the setup's, not the code's`;
}
