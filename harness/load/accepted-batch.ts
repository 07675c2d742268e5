import type { AcceptedOrder } from '../model/load.ts';

/**
 * A worker's accepted orders as columns in fixed-size chunks: the numbers in typed arrays, the
 * order ids as UTF-8 bytes back to back with their end offsets, all of a chunk in one
 * ArrayBuffer. A full chunk is sealed and leaves the worker with its buffer transferred (no
 * copy, no per-order object in any message); the main thread builds the objects once the run
 * is over (see PeriodMerger).
 *
 * Why columns: a worker at 30k req/s held 30k order objects for up to a second, so each
 * scavenge copied them and then promoted them, and structured-cloning them stalled the worker's
 * loop 8-12 ms every second (495 MB promoted in 7 s). Why fixed chunks: columns that grew by
 * doubling each second and were copied out at each report allocated ~10 MB a second of
 * ArrayBuffers, and that external memory started a major collection in the worker every
 * ~0.7 s, pausing it 9-11 ms with its concurrent marking (generator at 35k req/s: send delay
 * p99 17-23 ms with them, 2-3 ms without any columns). A chunk is allocated once and never
 * copied.
 */
export interface AcceptedBatch {
  count: number;
  /** UTF-8 order ids back to back; order i spans [idEnds[i-1] ?? 0, idEnds[i]). */
  ids: Uint8Array;
  idEnds: Uint32Array;
  createdAt: Float64Array;
  intendedAt: Float64Array;
  status: Uint16Array;
}

/** Orders per chunk: ~280 KB, a few chunks a second at the generator's ceiling. */
export const CHUNK_ORDERS = 4096;
/** Id bytes a chunk has room for per order (a UUID takes 36); a longer id starts a chunk early. */
const ID_BYTES_PER_ORDER = 48;
/** Bytes of the numeric columns per order: createdAt, intendedAt (f64), idEnds (u32), status (u16). */
const ROW_BYTES = 8 + 8 + 4 + 2;

class Chunk {
  count = 0;
  idBytes = 0;
  readonly createdAt: Float64Array;
  readonly intendedAt: Float64Array;
  readonly idEnds: Uint32Array;
  readonly status: Uint16Array;
  readonly ids: Buffer;

  constructor(idCapacity: number) {
    const rows = CHUNK_ORDERS;
    const buffer = new ArrayBuffer(rows * ROW_BYTES + idCapacity);
    this.createdAt = new Float64Array(buffer, 0, rows);
    this.intendedAt = new Float64Array(buffer, rows * 8, rows);
    this.idEnds = new Uint32Array(buffer, rows * 16, rows);
    this.status = new Uint16Array(buffer, rows * 20, rows);
    this.ids = Buffer.from(buffer, rows * ROW_BYTES, idCapacity);
  }

  /** False when the order does not fit (worst case 3 UTF-8 bytes per UTF-16 unit). */
  push(orderId: string, createdAt: number, intendedAt: number, status: number): boolean {
    if (this.count === CHUNK_ORDERS || this.idBytes + orderId.length * 3 > this.ids.length) return false;
    this.idBytes += this.ids.write(orderId, this.idBytes, 'utf8');
    const i = this.count++;
    this.idEnds[i] = this.idBytes;
    this.createdAt[i] = createdAt;
    this.intendedAt[i] = intendedAt;
    this.status[i] = status;
    return true;
  }

  seal(): AcceptedBatch {
    const n = this.count;
    return {
      count: n,
      ids: new Uint8Array(this.ids.buffer, this.ids.byteOffset, this.idBytes),
      idEnds: this.idEnds.subarray(0, n),
      createdAt: this.createdAt.subarray(0, n),
      intendedAt: this.intendedAt.subarray(0, n),
      status: this.status.subarray(0, n),
    };
  }
}

/** Appends accepted orders to chunks; sealed chunks are taken with takeFull(), the rest with takeAll(). */
export class AcceptedColumns {
  private current: Chunk | undefined;
  private readonly sealed: AcceptedBatch[] = [];
  private sealedOrders = 0;

  get size(): number {
    return this.sealedOrders + (this.current?.count ?? 0);
  }

  push(orderId: string, createdAt: number, intendedAt: number, status: number): void {
    if (this.current?.push(orderId, createdAt, intendedAt, status)) return;
    this.sealCurrent();
    this.current = new Chunk(Math.max(CHUNK_ORDERS * ID_BYTES_PER_ORDER, orderId.length * 3));
    this.current.push(orderId, createdAt, intendedAt, status);
  }

  /** The chunks filled since the last take: each has a buffer of its own (safe to transfer). */
  takeFull(): AcceptedBatch[] {
    const out = this.sealed.splice(0);
    this.sealedOrders = 0;
    return out;
  }

  /** Every order not taken yet, the chunk being filled included. */
  takeAll(): AcceptedBatch[] {
    this.sealCurrent();
    return this.takeFull();
  }

  private sealCurrent(): void {
    if (!this.current || this.current.count === 0) return;
    this.sealed.push(this.current.seal());
    this.sealedOrders += this.current.count;
    this.current = undefined;
  }
}

/** The buffers of some batches, for postMessage's transfer list (a chunk's columns share one). */
export function batchBuffers(batches: readonly AcceptedBatch[]): ArrayBuffer[] {
  return [...new Set(batches.map((b) => b.createdAt.buffer as ArrayBuffer))];
}

/** Appends the batch's orders to `into` (one object each, on the receiving side). */
export function appendAccepted(into: AcceptedOrder[], batch: AcceptedBatch): void {
  const ids = Buffer.from(batch.ids.buffer, batch.ids.byteOffset, batch.ids.byteLength);
  let start = 0;
  for (let i = 0; i < batch.count; i++) {
    const end = batch.idEnds[i] as number;
    into.push({
      orderId: ids.toString('utf8', start, end),
      createdAt: batch.createdAt[i] as number,
      intendedAt: batch.intendedAt[i] as number,
      status: batch.status[i] as number,
    });
    start = end;
  }
}
