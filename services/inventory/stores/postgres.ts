import pg from 'pg';
import { HarnessError } from '../../../harness/model/errors.ts';
import type { OrderPlaced } from '../../../harness/model/order-placed.ts';
import type { ApplyResult, Delivery, Inventory, InventoryStore, StoreStats } from './store.ts';

/**
 * The lab's "production" setup: all replicas share one stock table. Each order is applied
 * exactly once in effect: one statement (one transaction) records the orderId in
 * `<table>_processed` and decrements only when that insert was new, so a redelivery after a
 * rebalance or a crash changes nothing.
 */
export class PostgresStore implements InventoryStore {
  private readonly pool: pg.Pool;
  private readonly processed: string;
  private unknownProducts = 0;
  private duplicatesSkipped = 0;

  constructor(
    private readonly url: string,
    private readonly table: string,
    poolSize: number,
  ) {
    this.processed = `${table}_processed`;
    this.pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle client losing its connection must not crash the replica; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async init(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new HarnessError('SERVICE_START_FAILED', `cannot reach Postgres at ${redact(this.url)}: ${(err as Error).message || String(err)}`, {
        hint: 'start Postgres or pass --pg-url',
        cause: err,
      });
    }
    try {
      // Replicas start together; without the lock two CREATE TABLE IF NOT EXISTS can still collide.
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.table]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (id BIGINT PRIMARY KEY, stock BIGINT NOT NULL)`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.processed} (
           order_id TEXT PRIMARY KEY, product_id BIGINT NOT NULL, qty BIGINT NOT NULL,
           partition INT NOT NULL, "offset" BIGINT NOT NULL, replica TEXT NOT NULL,
           processed_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new HarnessError('SERVICE_START_FAILED', `cannot create table ${this.table}: ${(err as Error).message}`, { cause: err });
    } finally {
      client.release();
    }
  }

  async put(item: Inventory): Promise<Inventory> {
    const { rows } = await this.pool.query<{ id: string; stock: string }>(
      `INSERT INTO ${this.table} (id, stock) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET stock = EXCLUDED.stock RETURNING id, stock`,
      [item.id, item.stock],
    );
    return toInventory(rows[0]);
  }

  async get(id: number): Promise<Inventory | undefined> {
    const { rows } = await this.pool.query<{ id: string; stock: string }>(`SELECT id, stock FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] ? toInventory(rows[0]) : undefined;
  }

  async list(): Promise<Inventory[]> {
    const { rows } = await this.pool.query<{ id: string; stock: string }>(`SELECT id, stock FROM ${this.table} ORDER BY id`);
    return rows.map(toInventory);
  }

  async apply(order: OrderPlaced, delivery: Delivery): Promise<ApplyResult> {
    const { rows } = await this.pool.query<{ created: boolean }>(
      `WITH fresh AS (
         INSERT INTO ${this.processed} (order_id, product_id, qty, partition, "offset", replica)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (order_id) DO NOTHING
         RETURNING product_id, qty)
       INSERT INTO ${this.table} AS inv (id, stock) SELECT product_id, -qty FROM fresh
       ON CONFLICT (id) DO UPDATE SET stock = inv.stock + EXCLUDED.stock
       RETURNING (xmax = 0) AS created`,
      [order.orderId, order.productId, order.qty, delivery.partition, delivery.offset, delivery.replica],
    );
    const row = rows[0];
    if (!row) {
      this.duplicatesSkipped++;
      return { applied: false, unknownProduct: false };
    }
    if (row.created) this.unknownProducts++;
    return { applied: true, unknownProduct: row.created };
  }

  stats(): StoreStats {
    return { kind: 'postgres', table: this.table, unknownProducts: this.unknownProducts, duplicatesSkipped: this.duplicatesSkipped };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function toInventory(row: { id: string; stock: string } | undefined): Inventory {
  if (!row) throw new Error('the database returned no row');
  return { id: Number(row.id), stock: Number(row.stock) };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
