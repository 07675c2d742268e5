export { startLab, type LabOptions, type LabStarted } from './start.ts';
export { labStatus, formatLabStatus, type LabStatus } from './status.ts';
export { stopLab, type LabStopped } from './stop.ts';
export { LAB_DEFAULTS, readLabState, type LabState, type LabService } from './state.ts';
