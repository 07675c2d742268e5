import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ENVIRONMENT_CODES, HarnessError, type ErrorCode } from '../model/errors.ts';
import { writeReport } from '../report/index.ts';
import { formatError } from '../model/errors.ts';
import { runScenario } from '../run/sweep.ts';
import { progressReporter } from '../run/progress.ts';
import { generatorBoundNotes, resultTable, tableKey } from '../run/table.ts';
import { measurementNotes } from '../run/measurement-notes.ts';
import { sharingNotes } from '../run/sharing-notes.ts';
import { scenarioNotes } from '../scenario/notes.ts';
import { expand, formatCells, listScenarios, loadScenario, producerAgeNotes, resolveScenarioFile } from '../scenario/index.ts';
import { mergeSegments } from './merge-segments.ts';
import { checkKafkaVersions } from '../broker/releases.ts';
import { kafkaVersionProblem } from '../model/kafka-version.ts';
import type { Scenario, Sweep } from '../model/scenario.ts';
import { EXIT, runCli, usageFail } from './main.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

runCli(async () => {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('npm run bench --')
    .usage('$0 --scenario <name|path> [options]\n\nRuns a scenario: every cell of its sweep against a real Kafka, and writes results/<timestamp>-<scenario>/.')
    .option('scenario', { alias: 's', type: 'string', describe: 'a shipped scenario name (see --list) or a path to a YAML/JSON file' })
    .option('list', { type: 'boolean', default: false, describe: 'list the shipped scenarios' })
    .option('explain', {
      type: 'boolean',
      default: false,
      describe: "the results table's key (short column, summary.csv column, meaning) and, per shipped scenario, what healthy figures look like and why",
    })
    .option('dry-run', { type: 'boolean', default: false, describe: 'print the expanded cells and exit' })
    .option('brokers', { type: 'string', describe: 'an external Kafka (host:port,...); default KAFKA_BROKERS, else the embedded broker' })
    .option('kafka-version', {
      type: 'string',
      describe: "the Apache Kafka release(s) of the embedded cluster, comma-separated to sweep them (replaces the scenario's cluster.kafkaVersion)",
    })
    .option('cell', { type: 'string', array: true, describe: 'run only these cells (by name)' })
    .option('results-dir', { type: 'string', describe: 'where run folders go (default results/)' })
    .option('segments', {
      type: 'string',
      array: true,
      describe: "merge the outputs of npm run load --segment i/n (their --out folders) into one cell's load results",
    })
    .epilogue("What the results table's short columns mean, and what healthy figures look like per shipped scenario: npm run bench -- --explain")
    .strict()
    .fail(usageFail('bench'))
    .help()
    .parseAsync();

  if (argv.explain) {
    say(explain());
    return EXIT.ok;
  }
  if (argv.list) {
    for (const s of listScenarios()) say(`${s.name.padEnd(12)} ${s.valid ? s.description : '(invalid: run with --scenario to see why)'}`);
    return EXIT.ok;
  }
  if (argv.segments) {
    const dir = mergeSegments(argv.segments, argv['results-dir']);
    say(`results: ${path.relative(process.cwd(), dir) || dir}`);
    return EXIT.ok;
  }
  if (!argv.scenario) throw new HarnessError('BAD_ARGUMENT', 'name a scenario with --scenario <name|path>', { hint: 'see the shipped ones with --list' });
  const file = resolveScenarioFile(argv.scenario);
  const scenario = withKafkaVersions(loadScenario(argv.scenario), argv['kafka-version']);
  const releases = scenario.cluster.kafkaVersion;
  if (releases && !argv.brokers && !process.env.KAFKA_BROKERS)
    await checkKafkaVersions(releases, argv['kafka-version'] !== undefined ? '--kafka-version' : `${file}: cluster.kafkaVersion`);
  const cells = expand(scenario);
  // Before the run, so a scenario whose producer cannot follow its alter is not run blind.
  for (const note of producerAgeNotes(scenario)) process.stderr.write(`note: ${note}\n`);
  const unknown = (argv.cell ?? []).filter((c) => !cells.some((x) => x.name === c));
  if (unknown.length > 0) {
    throw new HarnessError('BAD_ARGUMENT', `--cell ${unknown.join(', ')}: no such cell in ${scenario.name}`, {
      hint: `cells: ${cells.map((c) => c.name).join(', ')}`,
    });
  }
  if (argv['dry-run']) {
    say(formatCells(cells));
    return EXIT.ok;
  }

  // First Ctrl-C: stop the load and the services, keep what was measured. Second: leave now.
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\ninterrupted: stopping the load and the services, keeping what was measured (Ctrl-C again to quit at once)\n');
      controller.abort();
    } else {
      process.exit(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let current = '';
  const progress = progressReporter(process.stderr, () => current);
  try {
    const outcome = await runScenario({
      scenario,
      scenarioFile: file,
      brokers: argv.brokers,
      resultsRoot: argv['results-dir'] ? path.resolve(argv['results-dir']) : undefined,
      cells: argv.cell,
      signal: controller.signal,
      log: (l) => process.stderr.write(`${l}\n`),
      events: (cell, repeat, index, total) => {
        current = `[${index}/${total}] ${cell.name}#${repeat}`;
        return progress;
      },
    });
    progress.done();
    if (outcome.results.length > 0) say(resultTable(outcome.results));
    for (const note of generatorBoundNotes(outcome.results)) say(note);
    for (const note of measurementNotes(outcome.results)) say(note);
    for (const note of sharingNotes(outcome.results)) say(note);
    for (const r of outcome.results) if (r.raw.status === 'failed') say(`${r.raw.cell.name}#${r.raw.repeat} failed: ${r.raw.error}`);
    say(`results: ${path.relative(process.cwd(), outcome.folder.dir) || outcome.folder.dir}`);
    // The report is a view of the CSV files: failing to draw it must not fail a measured run.
    try {
      say(`report:  ${path.relative(process.cwd(), writeReport(outcome.folder.dir))}`);
    } catch (err) {
      process.stderr.write(`report not written: ${formatError(err)}\n`);
    }
    if (outcome.status === 'interrupted') return EXIT.interrupted;
    if (outcome.status === 'ok') return EXIT.ok;
    // No cell got as far as measuring, each for want of something outside the harness: that is
    // the environment (exit 5), not a failed cell.
    const environment =
      outcome.results.length > 0 && outcome.results.every((r) => r.raw.status === 'failed' && ENVIRONMENT_CODES.includes(r.raw.errorCode as ErrorCode));
    return environment ? EXIT.environment : EXIT.failed;
  } finally {
    progress.done();
  }
});

/** The table's key, then each shipped scenario's `# expect:` notes (kept in the scenario files). */
function explain(): string {
  const out = ['The results table (one row per cell and repeat; every column is also in summary.csv):', tableKey(), ''];
  out.push('What healthy figures look like, per shipped scenario (the `# expect:` lines of scenarios/<name>.yaml):');
  for (const s of listScenarios()) {
    out.push('', `${s.name}: ${s.description}`);
    const notes = scenarioNotes(s.file);
    out.push(...(notes.length > 0 ? notes.map((n) => `  - ${n}`) : ['  (no notes: add `# expect: ...` lines to the file)']));
  }
  return out.join('\n');
}

/** `--kafka-version 4.1.1,4.4.0` replaces cluster.kafkaVersion: a list is a sweep, as in the file. */
function withKafkaVersions(scenario: Scenario, flag: string | undefined): Scenario {
  if (flag === undefined) return scenario;
  const versions = [...new Set(flag.split(',').map((v) => v.trim()))].filter(Boolean);
  if (versions.length === 0) throw new HarnessError('BAD_ARGUMENT', '--kafka-version needs a release such as 4.4.0, or a comma-separated list of them');
  for (const v of versions) {
    const problem = kafkaVersionProblem(v);
    if (problem) throw new HarnessError('BAD_ARGUMENT', `--kafka-version: expected ${problem}`);
  }
  return { ...scenario, cluster: { ...scenario.cluster, kafkaVersion: versions as unknown as Sweep<string> } };
}
