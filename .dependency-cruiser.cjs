/**
 * Layer and cycle rules for harness/, services/ and bench/ (npm run lint:deps). Every rule is an
 * error: depcruise exits non-zero on any violation.
 *
 * The layers, lowest first:
 *   harness/model    the data the layers exchange (schemas, records, errors): imports nothing else
 *   harness/measure  mergeable histograms and counters: model only
 *   scenario, analysis, results, report, compare, plan: pure work on files and data, never run anything
 *   run, sut, probes, broker, lab, load: start processes, talk to Kafka, measure
 *   harness/cli      the commands: nothing imports them (bench/ and test/ may)
 * services/ are the system under test: from harness/ they see only the contracts.
 *
 * Paths are relative to the repository root (run from there). A rule that names a folder or file
 * that does not exist yet (harness/clients/...) simply matches nothing.
 */

/** Node builtins (`node:fs`) and npm packages are never a layer violation. */
const EXTERNAL = { dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg'] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A cycle means two modules cannot be understood, tested or moved apart, and ESM cycles can ' +
        'see each other half-initialised. Type-only imports count (tsPreCompilationDeps): a type ' +
        'cycle is still a design cycle.',
      severity: 'error',
      from: { path: '^(harness|services|bench|test/support)/' },
      to: { circular: true },
    },
    {
      name: 'model-imports-nothing',
      comment:
        'harness/model is the contract every layer and the services share; if it imported a layer, ' +
        'every importer of a record type would drag that layer (and its processes) along.',
      severity: 'error',
      from: { path: '^harness/model/' },
      to: { pathNot: '^harness/model/', ...EXTERNAL },
    },
    {
      name: 'measure-is-low',
      comment: 'harness/measure (histograms, counters) runs inside load workers and the analysis alike: it may lean on the model and nothing above it.',
      severity: 'error',
      from: { path: '^harness/measure/' },
      to: { pathNot: '^harness/(model|measure)/', ...EXTERNAL },
    },
    {
      name: 'scenario-and-analysis-do-not-run',
      comment:
        'Parsing a scenario and analysing a raw cell are pure functions of files: they must work ' +
        'without a broker, a service or a load generator (npm run analyze re-analyses old runs, ' +
        'the unit tests run them with nothing started).',
      severity: 'error',
      from: { path: '^harness/(scenario|analysis)/' },
      to: { path: '^harness/(run|sut|probes|broker|lab|cli|load)/' },
    },
    {
      name: 'services-import-only-contracts',
      comment:
        'The services are the system under test and must stay deployable on their own: from the ' +
        'harness they may use only the shared contracts (harness/model, the client descriptors ' +
        'and their registry), never the harness machinery that drives them.',
      severity: 'error',
      from: { path: '^services/' },
      to: {
        path: '^harness/',
        pathNot: ['^harness/model/', '^harness/(clients|groups)/[^/]+/descriptor[.]ts$', '^harness/(clients|groups)/(registry|types)[.]ts$'],
      },
    },
    {
      name: 'nothing-imports-cli',
      comment:
        'harness/cli holds the commands (argument parsing, exit codes, printing). Library code that ' +
        'needs something there means it belongs lower down; benches and tests may drive the CLIs.',
      severity: 'error',
      from: { pathNot: '^(harness/cli|bench|test)/' },
      to: { path: '^harness/cli/' },
    },
    {
      name: 'results-do-not-run',
      comment:
        'Reading, reporting, comparing and planning from results folders works offline on old runs ' +
        '(and in CI on a baseline): it must not pull in the code that runs cells, starts the ' +
        'system under test, probes Kafka or manages the lab.',
      severity: 'error',
      from: { path: '^harness/(results|report|compare|plan)/' },
      to: { path: '^harness/(run|sut|probes|lab)/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^kafka/[.]dist/', '^results/', '^test/fixtures/golden/', '^[.]lab/', '^dist/'] },
    // `import type` edges exist only before compilation: see them, so type cycles and type-only
    // layer violations are reported too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
