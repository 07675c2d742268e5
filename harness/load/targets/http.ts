import { Client, type Dispatcher } from 'undici';
import { statusClass } from '../../measure/counts.ts';
import { orderBodyFor, parseAcceptedOrder } from '../order.ts';
import { uniformInt } from '../random.ts';
import type { HttpTargetSpec } from '../../model/load.ts';
import { compileBodyTemplate } from './body-template.ts';
import type { LoadTarget, TargetContext, TargetRequest } from './types.ts';

interface HttpRequest extends TargetRequest {
  controller: Dispatcher.DispatchController | undefined;
}

const TIMEOUT_ERROR = new Error('request timeout');

/**
 * POSTs each order over keep-alive HTTP/1.1 connections (one undici Client each, its raw
 * dispatch API: no promise, stream or response object per request). A request goes only to an
 * idle connection, taken from a stack of them (the most recently freed first, so the busy set
 * stays small and warm), never more than `connections` in flight: nothing queues, a request
 * goes out the moment it is handed over and `sentAt` is its send time. Profiled against
 * node:http with an Agent, which spent most of a worker's CPU building ClientRequest objects,
 * queueing them in the agent and arming a timer per request; undici's Pool looks for an idle
 * connection by scanning its clients from the first, a cost that grows with the connections
 * in flight (hundreds when the target stalls, just when the generator must keep up).
 *
 * The request timeout is one sweep over the open requests every 100 ms (oldest first: a Set
 * keeps send order; a request ends as a timeout up to 100 ms after requestTimeoutMs), not
 * undici's headers and body timeouts, which arm timer objects per request that live about a
 * second. Removing them cut what the worker allocates; on its own it did not stop the worker's
 * objects outliving the young generation (dropping r.controller on settle did, see finish).
 */
export function httpTarget(spec: HttpTargetSpec, ctx: TargetContext): LoadTarget {
  const url = new URL(spec.url);
  // allowH2 false, said rather than left to the default: undici 8 negotiates HTTP/2 with a TLS
  // server that offers it (7.x, pinned, does not);
  // the load stays HTTP/1.1, as the doc above and autocannon's closed-loop figures assume.
  const clients = Array.from(
    { length: ctx.connections },
    () => new Client(url.origin, { pipelining: 1, allowH2: false, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 }),
  );
  // Idle connections; a connection is back here once undici is done with its request (answer,
  // error or abort), not when a timeout gives up on the request.
  const idle = [...clients].reverse();
  const path = url.pathname + url.search;
  // One body per product id: the payload space is small, and a body is then built once.
  const bodies = new Map<number, Buffer>();
  const headers = { 'content-type': 'application/json' };
  const open = new Set<HttpRequest>();
  const { events, now } = ctx;
  const template = spec.body === undefined ? undefined : compileBodyTemplate(spec.body, ctx.share, ctx.shares);

  const finish = (r: HttpRequest, outcome: Parameters<typeof events.settled>[1]): void => {
    if (r.settled) return;
    open.delete(r);
    // An idle connection keeps its last request, handler and all, until its next one, and
    // some connections idle for long stretches. Through r.controller that held the whole
    // dispatch (~10 KB) long enough to be promoted: at 30k req/s (undici's Pool, 64
    // connections) 140 MB in 7 s and scavenges up to 7 ms, against 13-17 MB and mostly under
    // 3 ms once the reference is dropped here.
    r.controller = undefined;
    events.settled(r, outcome);
  };
  const timeout = { kind: 'error', cls: 'timeout' } as const;
  const sweep = setInterval(
    () => {
      const expired = now() - ctx.requestTimeoutMs;
      for (const r of open) {
        if (r.sentAt > expired) break;
        const controller = r.controller;
        finish(r, timeout);
        controller?.abort(TIMEOUT_ERROR);
      }
    },
    Math.min(100, ctx.requestTimeoutMs),
  );
  sweep.unref();

  return {
    free: () => idle.length,
    inFlight: () => open.size,
    flush: () => {},
    send(base: TargetRequest): void {
      const r = base as HttpRequest;
      r.controller = undefined;
      const productId = uniformInt(ctx.random, ctx.payload.productIds);
      let body = template?.body(productId, ctx.payload.qty) ?? bodies.get(productId);
      if (!body) {
        body = Buffer.from(orderBodyFor(productId, ctx.payload.qty));
        bodies.set(productId, body);
      }
      open.add(r);
      r.sentAt = now();
      events.sent(r);
      let status = 0;
      let chunks: Buffer[] | undefined;
      const client = idle.pop() as Client;
      let returned = false;
      const giveBack = (): void => {
        if (!returned) idle.push(client);
        returned = true;
      };
      client.dispatch(
        { method: 'POST', path, headers, body },
        {
          onRequestStart(controller) {
            r.controller = controller;
            if (r.settled) controller.abort(TIMEOUT_ERROR);
          },
          onResponseStart(_c, statusCode) {
            status = statusCode;
          },
          onResponseData(_c, chunk) {
            chunks ??= [];
            chunks.push(chunk);
          },
          onResponseEnd() {
            giveBack();
            if (status < 200 || status >= 300) return finish(r, { kind: 'error', cls: statusClass(status), status });
            const text = chunks === undefined ? '' : chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
            const order = parseAcceptedOrder(text);
            // A templated (external) endpoint: any 2xx is an accepted order, traceable only with an id.
            if (!order && template) return finish(r, { kind: 'ok', status, order: { orderId: '', createdAt: Math.floor(r.sentAt) } });
            finish(r, order ? { kind: 'ok', status, order } : { kind: 'error', cls: 'bad_body', status });
          },
          onResponseError(_c, err) {
            giveBack();
            const code = (err as { code?: string }).code ?? '';
            finish(r, { kind: 'error', cls: code.includes('TIMEOUT') ? 'timeout' : 'network' });
          },
        },
      );
    },
    abort(): TargetRequest[] {
      const out = [...open];
      open.clear();
      for (const r of out) {
        r.settled = true;
        r.controller?.abort(new Error('load stopped'));
      }
      return out;
    },
    close: () => {
      clearInterval(sweep);
      return Promise.all(clients.map((c) => c.destroy().catch(() => {}))).then(() => {});
    },
  };
}
