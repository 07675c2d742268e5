/**
 * The file piscina loads in each worker thread. The worker itself is TypeScript, and a worker
 * thread only inherits tsx's loader when the process was started with `tsx` / `--import tsx`;
 * under vitest (which transforms TypeScript itself) or plain node, `import('./worker.ts')`
 * fails with "Unknown file extension .ts" on Node 20. So this shim registers tsx's ESM loader
 * under its own namespace (affecting only imports made through it, so it cannot clash with a
 * tsx the process already has) and loads the worker through it. No top-level await: Node 22+
 * may load this file with require(esm), which rejects modules that use it.
 */
import { register } from 'tsx/esm/api';

const tsx = register({ namespace: 'kafka-scaling-bench-load-worker' });
const worker = tsx.import('./worker.ts', import.meta.url);
// A load failure is reported by the first task that awaits it, not as an unhandled rejection.
worker.catch(() => {});

export default async function runLoadWorker(task) {
  const { default: run } = await worker;
  return run(task);
}
