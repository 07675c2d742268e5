import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { HarnessError } from '../model/errors.ts';
import type { RateChange } from '../model/load.ts';
import { cellLoadPlan } from '../load/cell-plan.ts';
import { startLoad } from '../load/index.ts';
import { writeSegmentOutput } from '../load/segments.ts';
import { expand, loadScenario, scenarioHash } from '../scenario/index.ts';
import { EXIT, runCli, usageFail } from './main.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run load --')
    .usage(
      '$0 --scenario X --cell C --segment i/n --start-at <epoch ms> --out DIR (--url URL | --brokers host:port --topic T)\n\n' +
        "Offers the i-th interleaved share of a cell's schedule (every n-th request) and writes its mergeable histograms and counters to DIR; n such processes, on as many machines, add up to the cell's rate. Merge them with npm run bench -- --segments DIR...",
    )
    .option('scenario', { alias: 's', type: 'string', demandOption: true, describe: 'a shipped scenario name or a path' })
    .option('cell', { type: 'string', demandOption: true, describe: 'the cell whose load to offer (see bench --dry-run)' })
    .option('segment', { type: 'string', default: '0/1', describe: 'i/n: this process takes request k of the schedule when k % n == i' })
    .option('start-at', { type: 'number', demandOption: true, describe: 'when the schedule (warm-up included) starts, epoch ms; the same for every segment' })
    .option('out', { type: 'string', demandOption: true, describe: 'folder for segment-<i>-of-<n>.json and its accepted orders' })
    .option('url', { type: 'string', describe: 'the order endpoint to POST to (http://host:port/orders)' })
    .option('brokers', { type: 'string', describe: 'produce OrderPlaced records straight to Kafka instead (host:port,...)' })
    .option('topic', { type: 'string', describe: 'the topic for --brokers' })
    .option('workers', { type: 'number', describe: `load worker threads (default: this machine's cores, ${os.availableParallelism()})` })
    .option('connections', { type: 'number', describe: "connections this process opens (default: its share of the cell's)" })
    .option('repeat', { type: 'number', default: 1, describe: 'which repeat (seeds the schedule and the payload as bench does)' })
    .strict()
    .fail(usageFail('load'))
    .help()
    .parseAsync();

  const problems: string[] = [];
  const seg = /^(\d+)\/(\d+)$/.exec(argv.segment);
  const segment = seg ? { index: Number(seg[1]), count: Number(seg[2]) } : undefined;
  if (!segment || segment.count < 1 || segment.index >= segment.count)
    problems.push(`--segment: expected i/n with 0 <= i < n, got ${JSON.stringify(argv.segment)}`);
  if ((argv.url === undefined) === (argv.brokers === undefined)) problems.push('give one target: --url, or --brokers with --topic');
  if (argv.brokers !== undefined && argv.topic === undefined) problems.push('--brokers needs --topic');
  if (!Number.isFinite(argv['start-at']) || argv['start-at'] <= 0) problems.push(`--start-at: expected epoch milliseconds, got ${argv['start-at']}`);
  const scenario = loadScenario(argv.scenario);
  const cell = expand(scenario).find((c) => c.name === argv.cell);
  if (!cell)
    problems.push(
      `--cell ${argv.cell}: no such cell in ${scenario.name} (${expand(scenario)
        .map((c) => c.name)
        .join(', ')})`,
    );
  if (problems.length > 0 || !cell || !segment) throw new HarnessError('BAD_ARGUMENT', problems.join('\n'), { hint: 'npm run load -- --help' });

  const startAt = argv['start-at'];
  const plan = cellLoadPlan(cell, {
    target: argv.url !== undefined ? { url: argv.url } : { kafka: { brokers: argv.brokers!.split(','), topic: argv.topic! } },
    startAt,
    repeat: argv.repeat,
    segment,
    workers: argv.workers ?? os.availableParallelism(),
    connections: argv.connections,
  });
  if (startAt < Date.now())
    process.stderr.write(`start-at is ${Date.now() - startAt} ms in the past: the requests due meanwhile go out at once, late (their send delay says so)\n`);
  process.stderr.write(
    `segment ${segment.index}/${segment.count} of ${scenario.name}/${cell.name}: ${(cell.load.rate / segment.count).toFixed(1)} req/s from ${new Date(startAt).toISOString()} for ${cell.load.warmupS + cell.load.durationS} s${changesText(plan.rateChanges ?? [], segment.count)}\n`,
  );
  const run = startLoad(plan);
  const stop = () => void run.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const result = await run.done;
  const { accepted, ...rest } = result;
  const file = writeSegmentOutput(
    path.resolve(argv.out),
    { scenario: scenario.name, scenarioHash: scenarioHash(scenario), cell: cell.name, repeat: argv.repeat, segment, startAt, result: rest },
    accepted,
  );
  say(
    `segment ${segment.index}/${segment.count}: target ${result.targetRate.toFixed(1)}/s, achieved ${result.achievedRate.toFixed(1)}/s, latency p99 ${result.latency.p99Ms} ms, send delay p99 ${result.sendDelay.p99Ms} ms -> ${path.relative(process.cwd(), file) || file}`,
  );
  return result.stoppedEarly ? EXIT.interrupted : EXIT.ok;
});

/** `, then 80.0 req/s at 7 s, 20.0 req/s over 4 s from 12 s` (seconds from start-at), this segment's share. */
function changesText(changes: readonly RateChange[], segments: number): string {
  if (changes.length === 0) return '';
  const each = changes.map((c) => `${(c.rate / segments).toFixed(1)} req/s ${c.overS > 0 ? `over ${c.overS} s from` : 'at'} ${c.atS} s`);
  return `, then ${each.join(', ')}`;
}
