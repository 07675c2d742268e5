import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { HttpError, JsonRouter, readJson } from '../shared/http.ts';
import type { OrderPlaced } from '../../harness/model/order-placed.ts';
import { OrderBook, type Order } from './order-book.ts';
import type { OrderOptions } from './options.ts';
import { PublishError, type BatchingPublisher } from './publisher.ts';
import { parseOrderRequest } from './order-request.ts';

/** The order service's HTTP API: an order is 201 only once its OrderPlaced event is acknowledged. */
export function createOrderServer(options: OrderOptions, publisher: BatchingPublisher): Server {
  const book = new OrderBook(options.keepOrders);
  const keyOf = (event: OrderPlaced): string | null =>
    options.key === 'productId' ? String(event.productId) : options.key === 'orderId' ? event.orderId : null;

  const router = new JsonRouter()
    .on('POST', '/orders', async (req) => {
      const createdAt = Date.now();
      const request = parseOrderRequest(await readJson(req, options.maxBodyBytes));
      const order: Order = { orderId: randomUUID(), productId: request.productId, qty: request.qty, createdAt };
      const event: OrderPlaced = { type: 'OrderPlaced', ...order };
      if (request.payload !== undefined) event.payload = request.payload;
      try {
        await publisher.publish({ key: keyOf(event), value: JSON.stringify(event) });
      } catch (err) {
        if (err instanceof PublishError) throw new HttpError(503, `order not placed: ${err.message}`, { 'retry-after': '1' });
        throw err;
      }
      book.add(order);
      return { status: 201, body: order };
    })
    .on('GET', '/orders/:id', (_req, params) => {
      const order = book.get(params.id ?? '');
      if (!order) throw new HttpError(404, `no order ${JSON.stringify(params.id)} (this process keeps the last ${options.keepOrders})`);
      return { status: 200, body: order };
    })
    .on('GET', '/health', () => ({
      status: 200,
      body: { status: 'ok', service: 'order', topic: options.topic, acknowledged: book.count(), publisher: publisher.stats() },
    }));

  const server = createServer(router.listener);
  server.keepAliveTimeout = 30_000;
  return server;
}
