export * from './schema.ts';
export { JournalWriter } from './write.ts';
export { readJournal, mergeJournals, type Journal, type ProcessedOrder, type GroupEvent } from './read.ts';
