import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { screenshotReport } from '../report/browser.ts';
import { writeReport } from '../report/write.ts';
import { EXIT, runCli, usageFail } from './main.ts';

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run report --')
    .usage(
      '$0 <results-dir> [--screenshot out.png]\n\nWrites <results-dir>/report.html: one self-contained page (Chart.js and the data inline) that opens without a network.',
    )
    .option('screenshot', {
      type: 'string',
      describe: 'also open the report in headless Chromium and save a full-page PNG (a relative path is under <results-dir>)',
    })
    .demandCommand(1, 1, 'name one results folder', 'name exactly one results folder')
    .strict()
    .fail(usageFail('report'))
    .help()
    .parseAsync();
  const dir = path.resolve(String(argv._[0]));
  const file = writeReport(dir);
  process.stdout.write(`report: ${path.relative(process.cwd(), file) || file}\n`);
  if (argv.screenshot) {
    // Beside the report, not in whatever folder the command ran from (the repository root).
    const png = path.resolve(dir, argv.screenshot);
    await screenshotReport(file, png);
    process.stdout.write(`screenshot: ${path.relative(process.cwd(), png) || png}\n`);
  }
  return EXIT.ok;
});
