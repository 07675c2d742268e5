/**
 * The table of docs/protocols.md ("Which rebalance protocol?") from a results folder of
 * `npm run bench -- --scenario protocols` (or any run whose cells differ by consumer variant):
 * per variant and action, the pause of the partitions that moved and of those that kept their
 * owner (p50 and max over every repeat and partition), partitions moved per event, detection and
 * join times, and how long a new partition waited for its first order. Markdown on stdout.
 * `npm run bench:protocols-table -- results/<run>`; a sweep over Kafka releases gets a row per variant and release.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npm run bench:protocols-table -- <results folder>\n');
  process.exit(2);
}
const rows = parse(readFileSync(path.join(dir, 'rebalances.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const summary = parse(readFileSync(path.join(dir, 'summary.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];

const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
const quantile = (values: number[], q: number) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))]!;
};
const show = (v: number | null) => (v === null ? '-' : String(Math.round(v)));
const pair = (values: number[]) => (values.length === 0 ? '-' : `${show(quantile(values, 0.5))} / ${show(Math.max(...values))}`);
// A row's variant is its cell's name past partitions, replicas and rate: the consumer variant
// (`java-consumer-uniform`, `-2` for a second one of the same client, protocol and assignor) and,
// in a sweep over Kafka releases, `-k4.1.1`.
const variant = (r: Record<string, string>) => r.cell!.replace(/^p\d+-r\d+-rate[\d.]+-?/, '') || `${r.client}-${r.group_protocol}-${r.assignor}`;
const action = (trigger: string) => trigger.replace(/\((inventory-)?\d*\)$/, '');

const ok = new Set(summary.filter((s) => s.status === 'ok').map((s) => `${s.cell}#${s.repeat}`));
const measured = rows.filter((r) => ok.has(`${r.cell}#${r.repeat}`) && r.trigger !== 'none');
const variants = [...new Set(measured.map(variant))];
const actions = [...new Set(measured.map((r) => action(r.trigger!)))];
const runs = (v: string) => new Set(summary.filter((s) => ok.has(`${s.cell}#${s.repeat}`) && variant(s) === v).map((s) => s.repeat)).size;

const out: string[] = [];
out.push(
  '| variant | action | runs | pause moved p50 / max (ms) | pause kept p50 / max (ms) | moved per event | detection p50 (ms) | join p50 (ms) | new partition first order p50 (ms) |',
);
out.push('|---|---|---|---|---|---|---|---|---|');
for (const v of variants) {
  for (const a of actions) {
    const mine = measured.filter((r) => variant(r) === v && action(r.trigger!) === a);
    if (mine.length === 0) continue;
    const events = new Map<string, Record<string, string>[]>();
    for (const r of mine) {
      const key = `${r.cell}#${r.repeat}#${r.generation}`;
      events.set(key, [...(events.get(key) ?? []), r]);
    }
    const moved = mine
      .filter((r) => r.moved === 'true' && r.owner_before !== '')
      .map((r) => num(r.pause_ms))
      .filter((x): x is number => x !== null);
    const kept = mine
      .filter((r) => r.moved === 'false')
      .map((r) => num(r.pause_ms))
      .filter((x): x is number => x !== null);
    const movedPerEvent = [...events.values()].map((e) => e.filter((r) => r.moved === 'true' && r.owner_before !== '').length);
    const first = (key: string) => [...events.values()].map((e) => num(e[0]![key])).filter((x): x is number => x !== null);
    const fresh = mine
      .filter((r) => r.owner_before === '')
      .map((r) => num(r.first_order_ms))
      .filter((x): x is number => x !== null);
    out.push(
      `| ${v} | ${a} | ${runs(v)} | ${pair(moved)} | ${pair(kept)} | ${show(quantile(movedPerEvent, 0.5))} | ${show(quantile(first('detection_ms'), 0.5))} | ${show(quantile(first('join_ms'), 0.5))} | ${show(quantile(fresh, 0.5))} |`,
    );
  }
}
process.stdout.write(`${out.join('\n')}\n`);
