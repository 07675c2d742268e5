import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { reanalyze } from '../results/reanalyze.ts';
import { resultTable } from '../run/table.ts';
import { runCli, usageFail } from './main.ts';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run analyze --')
    .usage('$0 <results-dir>\n\nRewrites the CSV files of a run from its raw/ records (no measuring).')
    .demandCommand(1, 1, 'name one results folder', 'name one results folder')
    .strict()
    .fail(usageFail('analyze'))
    .help()
    .parseAsync();
  const dir = path.resolve(String(argv._[0]));
  const results = reanalyze(dir);
  process.stdout.write(`${resultTable(results)}\nrewrote the CSV files in ${dir}\n`);
  return 0;
});
