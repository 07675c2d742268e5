import type { InventoryOptions } from '../options.ts';
import type { InventoryStore } from './store.ts';

/** Loaded lazily: a memory-store replica never loads the Postgres driver. */
export async function createStore(options: InventoryOptions): Promise<InventoryStore> {
  if (options.store === 'postgres') {
    const { PostgresStore } = await import('./postgres.ts');
    return new PostgresStore(options.pgUrl, options.pgTable, options.partitionsConcurrently + 2);
  }
  const { MemoryStore } = await import('./memory.ts');
  return new MemoryStore();
}
