import path from 'node:path';
import { HarnessError } from '../model/errors.ts';
import type { Results } from '../results/read.ts';
import { perReplicaCapacity, scalingLines } from './capacity.ts';
import { measureCells } from './cells.ts';
import { formatNumber } from '../compare/numbers.ts';
import { findGroupType } from '../groups/registry.ts';
import type { BrokerLimit } from '../groups/types.ts';
import { rate } from './numbers.ts';
import type { CandidateCheck, MeasuredCell, PerReplicaCapacity, Plan, PlanTarget, Recommendation } from './types.ts';

/**
 * Partitions x replicas for a target rate, from a sweep's measured rows:
 *
 * 1. Per cell (median over repeats): offered rate, processed rate (consumers.csv), active and
 *    idle replicas, saturated or not (cells.ts).
 * 2. Per-replica capacity from the replicas that owned partitions in saturated cells (capacity.ts).
 * 3. Capacity of each cell: a saturated cell shows its ceiling; a cell that absorbed an offered
 *    rate at or above the requirement shows it suffices; any other cell is modelled as
 *    per-replica capacity x active consumers (min(partitions, replicas) in a balanced consumer
 *    group; every member in a share group, whose members share the partitions).
 * 4. The first cell, fewest replicas then fewest partitions, whose capacity reaches
 *    target x (1 + headroom) and whose measured lag and e2e p99 meet the limits.
 * 5. None: if no measured size has the capacity, extrapolate linearly to n = ceil(required /
 *    per-replica) consumers on n partitions (a share group: n members on the fewest partitions
 *    measured, within group.share.max.size), labelled extrapolated. If some have the capacity but
 *    miss the latency limits, there is no answer: the sweep cannot say what would meet them.
 *
 * `covered` is true only when a measured cell demonstrates the answer (basis `measured`).
 */
export function plan(results: Results, target: PlanTarget): Plan {
  validateTarget(target);
  const { cells, perMessageMs, consumer, groupProtocol } = measureCells(results, target.perMessageMs, target.consumer);
  const kind = findGroupType(groupProtocol);
  const ownership = kind?.ownership ?? 'exclusive';
  const brokerLimits = kind?.scalingLimits ?? [];
  const names = new Set(cells.map((c) => c.cell));
  const perReplica = perReplicaCapacity(
    cells,
    results.consumers.filter((c) => names.has(c.cell)),
    perMessageMs,
  );
  const required = target.targetRate * (1 + target.headroom);
  const candidates = cells.map((c) => evaluate(c, perReplica, required, target));
  const notes: string[] = [];
  if (perReplica.basis === 'lower-bound') {
    notes.push(
      `no cell saturated, so ${rate(perReplica.value)} per replica is a floor, not a measured ceiling: offer more than the group can absorb (a higher rate or more per-message work) to measure it`,
    );
  }

  if (ownership === 'shared') notes.push(...sharedNotes(cells, brokerLimits));

  let recommendation: Recommendation | null = null;
  const accepted = candidates.find((c) => c.accepted);
  if (accepted) {
    recommendation = {
      partitions: accepted.partitions,
      replicas: accepted.replicas,
      capacity: accepted.capacity,
      basis: accepted.basis,
      cell: accepted.cell,
      reason: accepted.reason,
    };
    if (accepted.basis === 'modelled') {
      const offered = cells.find((c) => c.cell === accepted.cell)!.offered;
      notes.push(
        `not covered: ${accepted.cell} was measured at ${rate(offered)} only; its capacity at ${rate(required)} is modelled, and its lag and p99 were measured at the lower rate. Rerun the sweep at ${rate(required)} to confirm.`,
      );
    }
  } else {
    const capable = candidates.filter((c) => c.enoughCapacity);
    if (capable.length > 0) {
      notes.push(
        `not covered: ${capable.map((c) => c.cell).join(', ')} ${capable.length === 1 ? 'has' : 'have'} the capacity but miss the limits (${capable.map((c) => c.limitProblems.join(', ')).join('; ')}); ` +
          'the sweep cannot tell which size would meet them, so there is no recommendation',
      );
    } else {
      recommendation = ownership === 'shared' ? extrapolateShared(cells, perReplica, required, brokerLimits) : extrapolate(cells, perReplica, required);
      notes.push(`not covered: ${recommendation.reason}`);
    }
  }

  return {
    scenario: results.meta.scenario.name,
    dir: path.relative(process.cwd(), results.dir) || results.dir,
    consumer,
    groupProtocol,
    ownership,
    brokerLimits,
    perMessageMs,
    target,
    required,
    cells,
    perReplica,
    scaling: scalingLines(cells),
    candidates,
    recommendation,
    covered: recommendation?.basis === 'measured',
    notes,
  };
}

function evaluate(c: MeasuredCell, perReplica: PerReplicaCapacity, required: number, target: PlanTarget): CandidateCheck {
  let capacity: number;
  let basis: CandidateCheck['basis'];
  let how: string;
  if (c.saturated) {
    capacity = c.processed;
    basis = 'measured';
    how = `saturated at ${rate(c.processed)} of ${rate(c.offered)} offered: its ceiling`;
  } else if (c.offered >= required) {
    capacity = c.offered;
    basis = 'measured';
    how = `absorbed ${rate(c.offered)} offered without saturating`;
  } else {
    capacity = Math.max(c.offered, perReplica.value * c.active);
    basis = 'modelled';
    how = `absorbed ${rate(c.offered)} offered; modelled ${rate(perReplica.value)} x ${c.active} active = ${rate(perReplica.value * c.active)}`;
  }
  const enoughCapacity = capacity >= required - 1e-9;
  const limitProblems: string[] = [];
  if (target.maxLagSeconds !== undefined) {
    if (c.lagMaxSeconds === null) limitProblems.push('lag not measured');
    else if (c.lagMaxSeconds > target.maxLagSeconds) limitProblems.push(`lag ${c.lagMaxSeconds} s > ${target.maxLagSeconds} s`);
  }
  if (target.maxP99Ms !== undefined) {
    if (c.e2eP99Ms === null) limitProblems.push('e2e p99 not measured');
    else if (c.e2eP99Ms > target.maxP99Ms) limitProblems.push(`e2e p99 ${c.e2eP99Ms} ms > ${target.maxP99Ms} ms`);
  }
  const accepted = enoughCapacity && limitProblems.length === 0;
  const verdict = !enoughCapacity
    ? `${rate(capacity)} < ${rate(required)} needed`
    : limitProblems.length > 0
      ? `misses ${limitProblems.join(', ')}`
      : `${rate(capacity)} >= ${rate(required)} needed`;
  return {
    cell: c.cell,
    partitions: c.partitions,
    replicas: c.replicas,
    capacity,
    basis,
    enoughCapacity,
    limitProblems,
    accepted,
    reason: `${how}; ${verdict}`,
  };
}

function extrapolate(cells: readonly MeasuredCell[], perReplica: PerReplicaCapacity, required: number): Recommendation {
  const maxActive = Math.max(...cells.map((c) => c.active));
  const linear = Math.ceil(required / perReplica.value - 1e-9);
  // Measured cells with that many consumers fell short of the model: scaling is not linear
  // there, so go past everything measured rather than recommend a size already seen to fail.
  const n = linear <= maxActive ? maxActive + 1 : linear;
  const shortfall =
    linear <= maxActive ? `; measured cells with ${linear}..${maxActive} consumers fell short of the linear model, so this goes past them and is a guess` : '';
  return {
    partitions: n,
    replicas: n,
    capacity: n * perReplica.value,
    basis: 'extrapolated',
    reason: `${rate(required)} needs ${n} consumers x ${rate(perReplica.value)} = ${rate(n * perReplica.value)}, more than the ${maxActive} active consumers the sweep measured at most; extrapolated linearly, lag and p99 unknown at this size${shortfall}. Measure ${n} partitions x ${n} replicas to confirm.`,
  };
}

/**
 * A share group's members all read every partition, so replicas beyond the partition count are
 * consumers, not spares. What stops them is the broker's: the records of one partition in flight
 * at once, and the members one group may have. The run measured neither limit; say both.
 */
function sharedNotes(cells: readonly MeasuredCell[], limits: readonly BrokerLimit[]): string[] {
  const beyond = cells.filter((c) => c.replicas > c.partitions);
  const measured =
    beyond.length > 0
      ? `measured: ${beyond.map((c) => `${c.cell} had ${c.active} of ${c.replicas} replicas consuming from ${c.partitions} partition${c.partitions === 1 ? '' : 's'}`).join('; ')}`
      : 'no cell had more replicas than partitions';
  const documented = limits.map((l) => `${l.config} (default ${formatNumber(l.default)})`).join(' and ');
  return [
    `share group: replicas beyond the partition count consume too, so adding partitions is not the only way to scale; ${measured}`,
    `share group: capacity stops at the broker's limits, ${documented}, which this run neither reached nor measured (below)`,
  ];
}

/** The fewest measured partitions, and as many members as the linear model asks for, within group.share.max.size. */
function extrapolateShared(cells: readonly MeasuredCell[], perReplica: PerReplicaCapacity, required: number, limits: readonly BrokerLimit[]): Recommendation {
  const maxActive = Math.max(...cells.map((c) => c.active));
  const linear = Math.ceil(required / perReplica.value - 1e-9);
  const n = linear <= maxActive ? maxActive + 1 : linear;
  const partitions = Math.min(...cells.map((c) => c.partitions));
  const maxSize = limits.find((l) => l.config === 'group.share.max.size');
  const overSize = maxSize && n > maxSize.default ? `; ${n} members exceed ${maxSize.config} (default ${maxSize.default}): raise it on the broker` : '';
  const shortfall =
    linear <= maxActive ? `; measured cells with ${linear}..${maxActive} members fell short of the linear model, so this goes past them and is a guess` : '';
  return {
    partitions,
    replicas: n,
    capacity: n * perReplica.value,
    basis: 'extrapolated',
    reason: `${rate(required)} needs ${n} members x ${rate(perReplica.value)} = ${rate(n * perReplica.value)}, more than the ${maxActive} active members the sweep measured at most; a share group's members share the partitions, so the partitions stay at ${partitions}, the fewest measured; extrapolated linearly, and the record-lock window per partition (${locksText(limits)}) may stop it sooner; lag and p99 unknown at this size${shortfall}${overSize}. Measure ${partitions} partition${partitions === 1 ? '' : 's'} x ${n} replicas to confirm.`,
  };
}

/** The Java client's max.poll.records default, which its share consumer uses too. */
const DEFAULT_MAX_POLL_RECORDS = 500;

/** The lock window in numbers, for the extrapolation's caveat. */
function locksText(limits: readonly BrokerLimit[]): string {
  const locks = limits.find((l) => l.config === 'group.share.partition.max.record.locks');
  if (!locks) return 'the broker limits the records in flight per partition';
  return `${locks.config}, default ${locks.default} offsets: about ${locks.default} / max.poll.records members' full batches per partition under a backlog, ${Math.floor(locks.default / DEFAULT_MAX_POLL_RECORDS)} at the default ${DEFAULT_MAX_POLL_RECORDS}`;
}

function validateTarget(t: PlanTarget): void {
  const problems: string[] = [];
  if (!(t.targetRate > 0) || !Number.isFinite(t.targetRate)) problems.push(`--target-rate: expected orders/s > 0, got ${t.targetRate}`);
  if (!(t.headroom >= 0) || !Number.isFinite(t.headroom)) problems.push(`--headroom: expected a fraction >= 0 (0.2 = 20% spare), got ${t.headroom}`);
  if (t.maxLagSeconds !== undefined && !(t.maxLagSeconds > 0)) problems.push(`--max-lag-seconds: expected seconds > 0, got ${t.maxLagSeconds}`);
  if (t.maxP99Ms !== undefined && !(t.maxP99Ms > 0)) problems.push(`--max-p99-ms: expected ms > 0, got ${t.maxP99Ms}`);
  if (problems.length > 0) throw new HarnessError('BAD_ARGUMENT', problems.join('; '));
}
