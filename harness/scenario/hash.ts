/**
 * Identifies what a run measured: two results with the same hash ran the same resolved scenario,
 * whether or not the file spelled out its defaults.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from '../model/scenario.ts';

/** JSON with object keys sorted at every level, so key order in the file does not matter. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** sha256 of the canonical resolved scenario, as 64 hex characters. */
export function scenarioHash(scenario: Scenario): string {
  // A one-node cluster is what every scenario ran on before `cluster` existed: leaving it out
  // keeps their hashes, so compare still finds those runs like for like.
  const { cluster, ...rest } = scenario;
  const hashed = cluster === undefined || (cluster.nodes === 1 && cluster.kafkaVersion === undefined) ? rest : scenario;
  return createHash('sha256').update(canonicalJson(hashed)).digest('hex');
}
