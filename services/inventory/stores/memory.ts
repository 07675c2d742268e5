import type { OrderPlaced } from '../../../harness/model/order-placed.ts';
import type { ApplyResult, Inventory, InventoryStore, StoreStats } from './store.ts';

/**
 * The lab's store: every replica keeps its own stock, so a replica that owns no partition
 * never changes. Every delivery is applied (at-least-once): a redelivered order decrements twice.
 */
export class MemoryStore implements InventoryStore {
  private readonly stock = new Map<number, number>();
  private unknownProducts = 0;

  async init(): Promise<void> {}

  async put(item: Inventory): Promise<Inventory> {
    this.stock.set(item.id, item.stock);
    return { ...item };
  }

  async get(id: number): Promise<Inventory | undefined> {
    const stock = this.stock.get(id);
    return stock === undefined ? undefined : { id, stock };
  }

  async list(): Promise<Inventory[]> {
    return [...this.stock].map(([id, stock]) => ({ id, stock })).sort((a, b) => a.id - b.id);
  }

  async apply(order: OrderPlaced): Promise<ApplyResult> {
    const current = this.stock.get(order.productId);
    if (current === undefined) this.unknownProducts++;
    this.stock.set(order.productId, (current ?? 0) - order.qty);
    return { applied: true, unknownProduct: current === undefined };
  }

  stats(): StoreStats {
    return { kind: 'memory', table: null, unknownProducts: this.unknownProducts, duplicatesSkipped: 0 };
  }

  async close(): Promise<void> {}
}
