import { createServer, type Server } from 'node:http';
import { HttpError, JsonRouter, readJson } from '../shared/http.ts';
import { isPositiveInteger } from '../../harness/model/order-placed.ts';
import type { ReplicaState } from './replica-state.ts';
import type { Inventory, InventoryStore } from './stores/store.ts';

const MAX_BODY_BYTES = 16 * 1024;

/** The lab's inventory API plus /stats for the harness. */
export function createInventoryServer(store: InventoryStore, state: ReplicaState): Server {
  const router = new JsonRouter()
    .on('POST', '/inventories', async (req) => {
      const item = parseInventory(await readJson(req, MAX_BODY_BYTES));
      return { status: 201, body: await store.put(item) };
    })
    .on('GET', '/inventories', async () => ({ status: 200, body: await store.list() }))
    .on('GET', '/inventories/:id', async (_req, params) => {
      const id = Number(params.id);
      if (!isPositiveInteger(id) || String(id) !== params.id)
        throw new HttpError(400, `inventory id must be a positive integer, got ${JSON.stringify(params.id)}`);
      const item = await store.get(id);
      if (!item) throw new HttpError(404, `no inventory with id ${id}`);
      return { status: 200, body: item };
    })
    .on('GET', '/stats', () => ({ status: 200, body: state.snapshot(store.stats()) }))
    .on('GET', '/health', () => ({ status: 200, body: { status: 'ok', service: 'inventory', replica: state.replica } }));
  return createServer(router.listener);
}

function parseInventory(body: unknown): Inventory {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body must be a JSON object like {"id": 1, "stock": 10}');
  }
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (!isPositiveInteger(b.id)) problems.push(`id: expected a positive integer, got ${JSON.stringify(b.id) ?? 'nothing'}`);
  if (typeof b.stock !== 'number' || !Number.isSafeInteger(b.stock)) problems.push(`stock: expected an integer, got ${JSON.stringify(b.stock) ?? 'nothing'}`);
  const unknown = Object.keys(b).filter((k) => k !== 'id' && k !== 'stock');
  if (unknown.length > 0) problems.push(`unknown field(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')} (allowed: id, stock)`);
  if (problems.length > 0) throw new HttpError(400, problems.join('; '));
  return { id: b.id as number, stock: b.stock as number };
}
