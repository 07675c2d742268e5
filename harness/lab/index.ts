export { labConsumer, labGroupProtocolHelp } from './consumer.ts';
export { startLab } from './start.ts';
export { labStatus, formatLabStatus } from './status.ts';
export { stopLab } from './stop.ts';
export { LAB_DEFAULTS, type LabState } from './state.ts';
