/**
 * How closely the harness's rebalance rounds (from the replicas' journals) match the broker's
 * own GroupCoordinator log, for classic groups: the broker logs "Preparing to rebalance group G
 * ... old generation N" and "Stabilized group G generation N+1"; the harness's round for
 * generation N+1 should start and end within a few ms of those. KIP-848 groups log no such
 * lines at INFO, so they are listed as not comparable.
 * `npm run bench:rebalance-fidelity -- <results folder> <broker server.log>`
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

const [dir, logFile] = process.argv.slice(2);
if (!dir || !logFile) {
  process.stderr.write('usage: npm run bench:rebalance-fidelity -- <results folder> <broker server.log>\n');
  process.exit(2);
}
const rebalances = parse(readFileSync(path.join(dir, 'rebalances.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const log = readFileSync(logFile, 'utf8').split('\n');
const at = (line: string) => {
  const m = /^\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})\]/.exec(line);
  // The broker logs in the machine's local time zone, as Date parses a string without one.
  return m ? new Date(`${m[1]}T${m[2]}.${m[3]}`).getTime() : NaN;
};

const rounds = new Map<string, { group: string; generation: number; start: number; end: number; client: string }>();
for (const r of rebalances) {
  const raw = JSON.parse(readFileSync(path.join(dir, 'raw', `${r.cell}-${r.repeat}`, 'cell.json'), 'utf8')) as {
    groupId: string;
    times: { measureFrom: number };
  };
  const key = `${raw.groupId}#${r.generation}`;
  if (rounds.has(key) || r.rounds?.includes(' ')) continue; // multi-round events: their inner bounds are not in the CSV
  rounds.set(key, {
    group: raw.groupId,
    generation: Number(r.generation),
    start: raw.times.measureFrom + Number(r.start_s) * 1000,
    end: raw.times.measureFrom + Number(r.end_s) * 1000,
    client: `${r.client}-${r.group_protocol}-${r.assignor}`,
  });
}

const diffs: Record<string, number[]> = {};
const lines: string[] = ['variant                          generation  start diff ms  end diff ms  (harness minus broker)'];
for (const round of rounds.values()) {
  if (round.client.includes('-consumer-')) continue;
  const prepare = log.find((l) => l.includes(`Preparing to rebalance group ${round.group} `) && l.includes(`old generation ${round.generation - 1} `));
  const stable = log.find((l) => l.includes(`Stabilized group ${round.group} generation ${round.generation} `));
  if (!prepare || !stable) continue;
  const ds = round.start - at(prepare);
  const de = round.end - at(stable);
  const clientDiffs = diffs[round.client] ?? [];
  diffs[round.client] = clientDiffs;
  clientDiffs.push(Math.abs(ds), Math.abs(de));
  lines.push(
    `${round.client.padEnd(32)} ${String(round.generation).padStart(10)}  ${String(Math.round(ds)).padStart(13)}  ${String(Math.round(de)).padStart(11)}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n\n`);
for (const [client, d] of Object.entries(diffs)) {
  const sorted = d.sort((a, b) => a - b);
  process.stdout.write(`${client}: ${d.length / 2} rounds, |difference| median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms\n`);
}
process.stdout.write(
  'KIP-848 groups: the broker logs no rebalance window at INFO; their ownership is checked against ConsumerGroupDescribe instead (test/integration/probes.test.ts).\n',
);
