import path from 'node:path';
import { metricValue, type Results } from '../results/read.ts';
import { okVariants } from './cells.ts';
import { variantOfRow } from '../results/read.ts';
import { rate } from './numbers.ts';
import { plan } from './plan.ts';
import type { Plan, PlanTarget, VariantAnswer, VariantsPlan } from './types.ts';

/**
 * The plan of a run: one plan when it measured one consumer variant (or --consumer names one),
 * else one per variant and which of them meets the target with the fewest partitions, then the
 * fewest replicas. A share group and a consumer group at the same load answer the same question
 * ("what size handles this rate?") in different currencies: one buys partitions, the other members.
 */
export function planRun(results: Results, target: PlanTarget): Plan | VariantsPlan {
  const variants = okVariants(results);
  if (target.consumer !== undefined || variants.length <= 1) return plan(results, target);
  const plans = variants.map((consumer) => plan(results, { ...target, consumer }));
  const offeredRates = [
    ...new Set(results.summary.filter((r) => r.status === 'ok' && variants.includes(variantOfRow(r))).map((r) => metricValue(r, 'target_rate'))),
  ]
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const answers: VariantAnswer[] = plans.map((p) => ({
    consumer: p.consumer,
    groupProtocol: p.groupProtocol,
    recommendation: p.recommendation,
    covered: p.covered,
  }));
  const covered = answers.filter((a) => a.covered && a.recommendation !== null);
  const fewest =
    [...covered].sort((a, b) => a.recommendation!.partitions - b.recommendation!.partitions || a.recommendation!.replicas - b.recommendation!.replicas)[0] ??
    null;
  return {
    scenario: results.meta.scenario.name,
    dir: path.relative(process.cwd(), results.dir) || results.dir,
    target,
    required: plans[0]!.required,
    plans,
    offeredRates,
    fewest,
    verdict: verdict(answers, fewest, offeredRates, plans[0]!.required),
  };
}

export const isVariantsPlan = (p: Plan | VariantsPlan): p is VariantsPlan => 'plans' in p;

function verdict(answers: readonly VariantAnswer[], fewest: VariantAnswer | null, offeredRates: readonly number[], required: number): string[] {
  const size = (a: VariantAnswer) => {
    const r = a.recommendation;
    if (r === null) return `${a.consumer} (${a.groupProtocol}): no answer`;
    const where = r.cell ? `cell ${r.cell}, ` : '';
    return `${a.consumer} (${a.groupProtocol}): ${r.partitions} partition${r.partitions === 1 ? '' : 's'} x ${r.replicas} replica${r.replicas === 1 ? '' : 's'} (${where}${r.basis})`;
  };
  const out = answers.map(size);
  if (offeredRates.length > 1) {
    out.push(`the variants were measured at different rates (${offeredRates.map(rate).join(', ')}): not the same load, so no verdict on which needs less`);
    return out;
  }
  const load = offeredRates.length === 1 ? ` at the same load (${rate(offeredRates[0]!)} offered)` : '';
  if (fewest === null) {
    out.push(`no variant has a measured cell that meets ${rate(required)}${load}: no verdict`);
    return out;
  }
  const r = fewest.recommendation!;
  const others = answers.filter((a) => a !== fewest);
  const tie = others.filter(
    (a) => a.covered && a.recommendation !== null && a.recommendation.partitions === r.partitions && a.recommendation.replicas === r.replicas,
  );
  if (tie.length > 0) {
    const names = [fewest, ...tie].map((a) => a.consumer);
    out.push(`${names.slice(0, -1).join(', ')} and ${names.at(-1)} met ${rate(required)}${load} with the same size, ${r.partitions} x ${r.replicas}`);
  } else {
    out.push(
      `${fewest.consumer} met ${rate(required)}${load} with the fewest partitions, then replicas: ${r.partitions} partition${r.partitions === 1 ? '' : 's'} x ${r.replicas} replica${r.replicas === 1 ? '' : 's'} (measured)`,
    );
  }
  return out;
}
