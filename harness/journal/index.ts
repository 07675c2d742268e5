export * from '../model/journal.ts';
export { readJournal, mergeJournals, type Journal, type ProcessedOrder, type GroupEvent } from './read.ts';
