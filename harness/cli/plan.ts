import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatPlan, isVariantsPlan, planRun, type PlanFormat } from '../capacity/index.ts';
import { readResults } from '../results/read.ts';
import { EXIT, runCli, usageFail } from './main.ts';

/**
 * 4: the sweep does not cover the target. There is an answer only from the model (modelled or
 * extrapolated capacity), or none at all; a script should not take it as measured.
 */
const EXIT_NOT_COVERED = 4;

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run plan --')
    .usage(
      '$0 <results-dir> --target-rate <orders/s> [options]\n\n' +
        'Recommends partitions x replicas for a target rate from a sweep (e.g. the sweep scenario), showing the rows it used.\n' +
        `Exit 0: a measured cell meets the target (of several variants: in at least one); ${EXIT_NOT_COVERED}: the sweep does not cover it (the answer is modelled or extrapolated, or there is none); 2: bad usage.`,
    )
    .option('target-rate', { type: 'number', demandOption: true, describe: 'orders/s the consumer group must sustain' })
    .option('headroom', { type: 'number', default: 0.2, describe: 'spare capacity on top of the target (0.2 = plan for 1.2 x target)' })
    .option('max-lag-seconds', { type: 'number', describe: 'the measured lag_max_seconds must not exceed this' })
    .option('max-p99-ms', { type: 'number', describe: 'the measured e2e_p99_ms must not exceed this' })
    .option('per-message-ms', { type: 'number', describe: 'plan for this per-message cost when the sweep varies it' })
    .option('consumer', {
      type: 'string',
      describe:
        'plan for this consumer variant only (client-protocol-assignor, e.g. java-share-simple, or java-classic-range-static for static membership); without it, a run that measured several gets a plan per variant and which needs the fewest partitions',
    })
    .option('format', { choices: ['text', 'json'] as const, default: 'text' as PlanFormat })
    .demandCommand(1, 1, 'name one results folder (a sweep)', 'name exactly one results folder')
    .strict()
    .fail(usageFail('plan'))
    .help()
    .parseAsync();

  const result = planRun(readResults(path.resolve(String(argv._[0]))), {
    targetRate: argv['target-rate'],
    headroom: argv.headroom,
    maxLagSeconds: argv['max-lag-seconds'],
    maxP99Ms: argv['max-p99-ms'],
    perMessageMs: argv['per-message-ms'],
    consumer: argv.consumer,
  });
  process.stdout.write(`${formatPlan(result, argv.format)}\n`);
  const covered = isVariantsPlan(result) ? result.fewest !== null : result.covered;
  return covered ? EXIT.ok : EXIT_NOT_COVERED;
});
