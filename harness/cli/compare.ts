import { writeFileSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { COMPARE_FORMATS, compare, formatComparison, limitsFromFile, limitsFromFlags, mergeLimits, type CompareFormat } from '../compare/index.ts';
import { readResults } from '../results/read.ts';
import { EXIT, runCli, usageFail } from './main.ts';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run compare --')
    .usage(
      '$0 <baseline-dir> <candidate-dir> [options]\n\n' +
        'Compares two results folders cell by cell. Exit 0 within the limits, 3 on a regression, 2 on bad usage.\n' +
        'Limits: <metric>=+N% / -N% (relative to the baseline median), <metric><op><number> with op = < <= > >= (every repeat).',
    )
    .option('threshold', {
      alias: 't',
      type: 'string',
      array: true,
      describe: 'a limit, e.g. e2e_p99_ms=+10%, orders_lost=0, rebalance_pause_max_ms<5000 (repeatable; overrides the file for that metric)',
    })
    .option('thresholds', { type: 'string', describe: 'a YAML file of limits, e.g. bench/thresholds.yaml' })
    .option('out', {
      type: 'string',
      describe: 'also write the comparison as JSON to this file (npm prints a banner on stdout, so `> x.json` needs `npm run -s`)',
    })
    .option('format', {
      alias: 'f',
      choices: COMPARE_FORMATS,
      default: 'table' as CompareFormat,
      describe: 'table for a terminal, markdown for a CI summary or comment, json for tools',
    })
    .demandCommand(2, 2, 'name a baseline and a candidate results folder', 'name exactly two results folders: <baseline-dir> <candidate-dir>')
    .strict()
    .fail(usageFail('compare'))
    .help()
    .parseAsync();

  const [baselineDir, candidateDir] = argv._.map(String) as [string, string];
  const fromFlags = limitsFromFlags(argv.threshold ?? []);
  const fromFile = argv.thresholds ? limitsFromFile(path.resolve(argv.thresholds), argv.thresholds) : [];
  const comparison = compare(readResults(path.resolve(baselineDir)), readResults(path.resolve(candidateDir)), mergeLimits(fromFile, fromFlags));
  process.stdout.write(`${formatComparison(comparison, argv.format)}\n`);
  if (argv.out) {
    writeFileSync(path.resolve(argv.out), `${formatComparison(comparison, 'json')}\n`);
    process.stderr.write(`wrote ${argv.out}\n`);
  }
  return comparison.ok ? EXIT.ok : EXIT.regression;
});
