export type * from '../model/scenario.ts';
export { SCENARIO_DEFAULTS, scenarioSchema } from './options.ts';
export { formatIssue } from './issues.ts';
export { ScenarioInvalidError, assertValidScenario, validateScenario } from './validate.ts';
export { parseScenarioText, type ParseResult } from './parse.ts';
export {
  SCENARIOS_DIR,
  displayPath,
  listScenarios,
  loadScenario,
  readScenarioFile,
  resolveScenarioFile,
  type LoadOptions,
  type ScenarioSummary,
} from './load.ts';
export { SWEEP_DIMENSIONS, cellName, expand, sweptDimensions } from './expand.ts';
export { SETUP_ESTIMATE_S, estimateRunSeconds, estimateSweepSeconds, formatCells, formatTimeline } from './format.ts';
export { canonicalJson, scenarioHash } from './hash.ts';
