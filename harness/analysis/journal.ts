/** The analysis reads replica journals through the one schema in harness/journal/. */
export { mergeJournals, type Journal, type ProcessedOrder, type GroupEvent } from '../journal/read.ts';
