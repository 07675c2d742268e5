/**
 * wrk (Debian's `wrk`), the strongest closed loop this machine runs: a C event loop that keeps
 * each connection busy, where autocannon is itself a Node process sharing the cores. A bench uses
 * it as an anchor beside autocannon, for the same endpoint and in the same run. Absent, the
 * anchor is empty and says why, never 0.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WrkResult {
  /** 2xx answers per second: wrk's Requests/sec less its non-2xx answers. */
  rps: number;
  p99Ms: number | null;
  non2xx: number;
  socketErrors: number;
}

export interface WrkOptions {
  url: string;
  threads?: number;
  connections?: number;
  durationS?: number;
  /** The JSON body of every POST. */
  body?: string;
}

/** `{ rps, ... }`, or a reason it could not be measured (wrk missing, failed). */
export async function wrk(o: WrkOptions): Promise<WrkResult | { missing: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ksb-wrk-'));
  const script = path.join(dir, 'post.lua');
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = '${(o.body ?? '{"productId":1,"qty":1}').replaceAll("'", "\\'")}'`,
      'wrk.headers["Content-Type"] = "application/json"',
      '',
    ].join('\n'),
  );
  const durationS = o.durationS ?? 5;
  try {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        'wrk',
        [`-t${o.threads ?? 1}`, `-c${o.connections ?? 50}`, `-d${durationS}s`, '--latency', '-s', script, o.url],
        { encoding: 'utf8', timeout: (durationS + 30) * 1000 },
        (err, stdout, stderr) => (err ? reject(Object.assign(err, { output: `${stdout}${stderr}` })) : resolve(stdout)),
      );
    });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1]);
    const total = Number(/(\d+) requests in/.exec(output)?.[1] ?? 0);
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0);
    const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
    const p99 = /\n\s+99%\s+([\d.]+)(us|ms|s)\b/.exec(output);
    const p99Ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : null;
    if (!Number.isFinite(rps)) return { missing: `wrk printed no Requests/sec: ${output.trim().split('\n').at(-1)}` };
    return {
      rps: total > 0 ? rps * ((total - non2xx) / total) : rps,
      p99Ms,
      non2xx,
      socketErrors: errors ? errors.slice(1).reduce((n, e) => n + Number(e), 0) : 0,
    };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { output?: string };
    return { missing: e.code === 'ENOENT' ? 'wrk is not installed (Debian: apt-get install wrk)' : `wrk failed: ${e.output ?? e.message}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const describeWrk = (r: WrkResult | { missing: string }): string =>
  'missing' in r ? `not measured: ${r.missing}` : `${r.rps.toFixed(0)} req/s, p99 ${r.p99Ms === null ? '?' : r.p99Ms.toFixed(1)} ms`;
