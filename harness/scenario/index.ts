export type * from '../model/scenario.ts';
export { formatIssue } from './issues.ts';
export { assertValidScenario, validateScenario } from './validate.ts';
export { parseScenarioText } from './parse.ts';
export {
  listScenarios,
  loadScenario,
  resolveScenarioFile,
} from './load.ts';
export { expand } from './expand.ts';
export { formatCells } from './format.ts';
export { producerAgeNotes } from './producer-age.ts';
export { scenarioHash } from './hash.ts';
