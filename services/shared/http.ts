import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { HarnessError } from '../../harness/model/errors.ts';

/** An answer to the client: status plus `{error}`; anything else thrown becomes a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type Params = Record<string, string>;
export type Handler = (req: IncomingMessage, params: Params, res: ServerResponse) => Promise<Reply> | Reply;
export interface Reply {
  status: number;
  body: unknown;
}

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

/**
 * The smallest router the services need: `/orders/:id` style paths, 404 for an unknown path,
 * 405 (with Allow) for a known path and the wrong method, JSON in and out.
 */
export class JsonRouter {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    this.routes.push({ method, segments: path.split('/').filter(Boolean), handler });
    return this;
  }

  /** The `http.createServer` listener. */
  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.dispatch(req, res).catch((err: unknown) => {
      // dispatch already answers every error; this only guards against a closed socket throwing.
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  };

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const segments = path.split('/').filter(Boolean).map(safeDecode);
      const matching = this.routes
        .map((route) => ({ route, params: match(route.segments, segments) }))
        .filter((m): m is { route: Route; params: Params } => m.params !== undefined);
      if (matching.length === 0) throw new HttpError(404, `no route for ${path}`);
      const chosen = matching.find((m) => m.route.method === req.method);
      if (!chosen) {
        const allow = [...new Set(matching.map((m) => m.route.method))].join(', ');
        throw new HttpError(405, `${req.method ?? '?'} is not allowed on ${path}; use ${allow}`, { Allow: allow });
      }
      const reply = await chosen.route.handler(req, chosen.params, res);
      sendJson(res, reply.status, reply.body);
    } catch (err) {
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: err.message }, err.headers);
        req.resume(); // a body nobody read (413, 404, 405) must not stall the connection
      } else {
        sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
}

function match(pattern: string[], actual: string[]): Params | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const a = actual[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = a;
    else if (p !== a) return undefined;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Reads and parses a JSON body of at most `limitBytes`: 413 as soon as the declared or the
 * received size passes the limit (without buffering the rest), 400 for anything not JSON.
 */
export function readJson(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    return Promise.reject(tooLarge(`body is ${declared} bytes; the limit is ${limitBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    // Events rather than `for await`: leaving that loop early destroys the socket, and the
    // client would never see the 413.
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(`body is larger than the limit of ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => {
      failed = true;
      reject(err);
    });
    req.on('end', () => {
      if (failed) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return reject(new HttpError(400, 'body is empty; expected a JSON object'));
      try {
        resolve(JSON.parse(text) as unknown);
      } catch (err) {
        reject(new HttpError(400, `body is not valid JSON (${err instanceof Error ? err.message : String(err)})`));
      }
    });
  });
}

/** 413 and close the connection afterwards: the rest of the body is not worth reading. */
function tooLarge(message: string): HttpError {
  return new HttpError(413, message, { connection: 'close' });
}

/** Listens on 127.0.0.1 (or `host`) and returns the port the OS gave (`port` 0 picks a free one). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new HarnessError('PORT_IN_USE', `port ${port} on ${host} is already in use`, { hint: 'pick another --port, or --port 0 for a free one' })
          : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Stops accepting, lets in-flight requests finish, and drops idle keep-alive sockets. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
