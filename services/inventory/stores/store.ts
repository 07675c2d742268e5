import type { OrderPlaced } from '../../../harness/model/order-placed.ts';

export interface Inventory {
  id: number;
  stock: number;
}

/** Where an order was applied from: recorded with it so a Postgres row says who did it. */
export interface Delivery {
  partition: number;
  offset: string;
  replica: string;
}

export interface ApplyResult {
  /** false: this orderId was already applied (Postgres only), nothing changed. */
  applied: boolean;
  /** The product had no stock row; it was created with stock -qty. */
  unknownProduct: boolean;
}

export interface StoreStats {
  kind: 'memory' | 'postgres';
  table: string | null;
  unknownProducts: number;
  duplicatesSkipped: number;
}

/**
 * Stock may go negative: an order is a fact that already happened, and clamping at 0 would
 * make the totals disagree with the number of orders. An order for an unknown product creates
 * it with stock -qty (counted in unknownProducts) for the same reason.
 */
export interface InventoryStore {
  init(): Promise<void>;
  put(item: Inventory): Promise<Inventory>;
  get(id: number): Promise<Inventory | undefined>;
  list(): Promise<Inventory[]>;
  apply(order: OrderPlaced, delivery: Delivery): Promise<ApplyResult>;
  stats(): StoreStats;
  close(): Promise<void>;
}
