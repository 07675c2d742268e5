import { formatNumber, formatPct } from '../compare/numbers.ts';
import { SATURATION_TOLERANCE } from './cells.ts';
import { NO_GAIN_PCT } from './capacity.ts';
import { rate } from './numbers.ts';
import type { Plan, VariantsPlan } from './types.ts';
import { isVariantsPlan } from './variants.ts';

export type PlanFormat = 'text' | 'json';

export function formatPlan(p: Plan | VariantsPlan, format: PlanFormat): string {
  if (format === 'json') return JSON.stringify(p, null, 2);
  return isVariantsPlan(p) ? variantsText(p) : text(p);
}

/** Each variant's plan in full, then the verdict across them. */
function variantsText(v: VariantsPlan): string {
  const out = [
    `${v.plans.length} consumer variants measured (${v.plans.map((p) => `${p.consumer}: ${p.groupProtocol} protocol`).join(', ')}); a plan for each, then which needs less:`,
  ];
  for (const p of v.plans) out.push('', `=== ${p.consumer} (${p.groupProtocol} protocol) ===`, '', text(p));
  out.push('', 'Across the variants:', ...v.verdict.map((line) => `   ${line}`));
  return out.join('\n');
}

function text(p: Plan): string {
  const t = p.target;
  const limits = [t.maxLagSeconds !== undefined ? `lag <= ${t.maxLagSeconds} s` : '', t.maxP99Ms !== undefined ? `e2e p99 <= ${t.maxP99Ms} ms` : ''].filter(
    Boolean,
  );
  const out: string[] = [
    `plan for ${rate(t.targetRate)} with ${formatNumber(t.headroom * 100)}% headroom: the group must process ${rate(p.required)}${limits.length > 0 ? `, with ${limits.join(' and ')}` : ''}`,
    `from ${p.dir} (scenario ${p.scenario}${p.perMessageMs !== null ? `, ${p.perMessageMs} ms of work per order` : ''}; consumer ${p.consumer}, ${p.groupProtocol} protocol)`,
    '',
    `1. The measured cells (medians over repeats). Saturated: the group processed less than ${formatNumber((1 - SATURATION_TOLERANCE) * 100)}% of the offered rate.`,
    '',
    ...align([
      ['cell', 'partitions', 'replicas', 'offered/s', 'processed/s', 'active', 'idle', 'saturated', 'lag_max_s', 'e2e_p99_ms'],
      ...p.cells.map((c) => [
        c.cell,
        String(c.partitions),
        String(c.replicas),
        formatNumber(c.offered),
        formatNumber(c.processed),
        String(c.active),
        String(c.idle),
        c.saturated ? 'yes' : 'no',
        c.lagMaxSeconds === null ? '-' : formatNumber(c.lagMaxSeconds),
        c.e2eP99Ms === null ? '-' : formatNumber(c.e2eP99Ms),
      ]),
    ]).map(indent),
    '',
  ];

  const pr = p.perReplica;
  out.push(
    pr.basis === 'saturated'
      ? `2. One replica sustains ${rate(pr.value)}: the median throughput_per_s of the ${pr.rows.length} replicas that owned partitions in saturated cells (consumers.csv):`
      : `2. No cell saturated: one replica sustains at least ${rate(pr.value)} (the best processed rate per active replica), from these consumers.csv rows:`,
    '',
    ...align([
      ['cell', 'repeat', 'phase', 'replica', 'partitions', 'processed', 'throughput_per_s'],
      ...pr.rows.map((r) => [
        r.cell,
        String(r.repeat),
        String(r.phase),
        r.replica,
        r.partitions.join(' '),
        String(r.processed),
        formatNumber(r.throughputPerS),
      ]),
    ]).map(indent),
  );
  if (pr.theoretical !== null) out.push(`   (for comparison: ${p.perMessageMs} ms of work per order alone allows ${rate(pr.theoretical)} per consumer)`);
  out.push('', `3. Where adding replicas stops helping (processed/s by replicas; a step that gains under ${NO_GAIN_PCT}% while replicas idle):`, '');
  if (p.ownership === 'shared')
    out.push(`   (a ${p.groupProtocol} group: every member reads every partition, so replicas beyond the partition count are not idle by design)`);
  for (const line of p.scaling) {
    const steps = line.points.map((pt) => {
      const extra = [
        pt.gainPct !== null ? formatPct(pt.gainPct) : '',
        pt.idle > 0 ? `${pt.idle} idle` : '',
        pt.saturated ? '' : 'absorbed the offered rate',
      ].filter(Boolean);
      return `r${pt.replicas} ${formatNumber(pt.processed)}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
    });
    const verdict =
      line.stopsHelpingAfter !== null && p.ownership === 'shared'
        ? ` -> beyond ${line.stopsHelpingAfter} replica${line.stopsHelpingAfter === 1 ? '' : 's'} throughput stopped rising`
        : line.stopsHelpingAfter !== null
          ? ` -> beyond ${line.stopsHelpingAfter} replica${line.stopsHelpingAfter === 1 ? '' : 's'} the extra ones idle: ${line.partitions} partition${line.partitions === 1 ? ' caps' : 's cap'} the group at ${line.partitions} active consumer${line.partitions === 1 ? '' : 's'}`
          : '';
    out.push(`   ${line.partitions} partition${line.partitions === 1 ? ' ' : 's'}: ${steps.join(', ')}${verdict}`);
  }

  out.push('', `4. Candidates, fewest replicas first, then fewest partitions; the first that reaches ${rate(p.required)} and meets the limits wins:`, '');
  const firstAccepted = p.candidates.findIndex((c) => c.accepted);
  const shown = firstAccepted >= 0 ? p.candidates.slice(0, firstAccepted + 1) : p.candidates;
  for (const c of shown) out.push(`   ${c.accepted ? 'yes' : 'no '}  ${c.cell}: ${c.basis}, ${c.reason}`);
  if (firstAccepted >= 0 && firstAccepted < p.candidates.length - 1) out.push(`   (${p.candidates.length - firstAccepted - 1} larger cells not needed)`);

  out.push('');
  const r = p.recommendation;
  if (r === null) out.push('No recommendation.');
  else if (r.basis === 'extrapolated')
    out.push(
      `Recommendation: ${r.partitions} partition${r.partitions === 1 ? '' : 's'} x ${r.replicas} replicas, EXTRAPOLATED (${rate(r.capacity)}): no measured cell is that large.`,
    );
  else
    out.push(
      `Recommendation: ${r.partitions} partition${r.partitions === 1 ? '' : 's'} x ${r.replicas} replica${r.replicas === 1 ? '' : 's'} (cell ${r.cell}, capacity ${rate(r.capacity)}, ${r.basis}).`,
    );
  for (const n of p.notes) out.push(`note: ${n}`);
  if (p.brokerLimits.length > 0) {
    out.push(`broker limits on a ${p.groupProtocol} group (documented defaults, not measured here):`);
    for (const l of p.brokerLimits) out.push(`   ${l.config} = ${formatNumber(l.default)}: ${l.bounds} [${l.source}]`);
  }
  return out.join('\n');
}

const indent = (line: string) => `   ${line}`;

function align(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
