import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An order endpoint with a known answer time, for checking what the load generator measures.
 * Every POST is answered 201 `{orderId, createdAt}` exactly `delayMs` after it starts being
 * processed; stall(ms) makes the server take no new work for ms (a pause, a rebalance): a
 * request arriving during a stall starts being processed when it ends, so one arriving as the
 * stall begins is answered after stall + delay.
 */
export interface FixedDelayServer {
  readonly url: string;
  readonly delayMs: number;
  /** Requests received so far. */
  readonly received: number;
  stall(ms: number): void;
  close(): Promise<void>;
}

export async function startFixedDelayServer(options: { delayMs: number }): Promise<FixedDelayServer> {
  const { delayMs } = options;
  let stalledUntil = 0;
  let received = 0;
  const server = http.createServer((req, res) => {
    const id = ++received;
    // performance.now(), and a re-check before answering: a Node timer can fire up to ~2 ms
    // before its delay (it counts from the loop's cached clock), and no answer may come early.
    const answerAt = Math.max(performance.now(), stalledUntil) + delayMs;
    const answerWhenDue = (): void => {
      const left = answerAt - performance.now();
      if (left > 0) {
        setTimeout(answerWhenDue, left);
        return;
      }
      const body = JSON.stringify({ orderId: `order-${id}`, createdAt: Date.now() });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    req.resume();
    req.on('end', answerWhenDue);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/orders`,
    delayMs,
    get received() {
      return received;
    },
    stall(ms: number) {
      stalledUntil = Math.max(stalledUntil, performance.now() + ms);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
