/** The analysis reads replica journals through the one schema in harness/journal/. */
export { readJournal, mergeJournals, type Journal, type ProcessedOrder, type GroupEvent } from '../journal/read.ts';
