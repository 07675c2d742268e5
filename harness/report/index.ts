export { writeReport } from './write.ts';
