import { fork } from 'node:child_process';

export interface BareEndpoint {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts bench/support/bare-endpoint.mjs in its own process and waits for its port. */
export async function startBareEndpoint(): Promise<BareEndpoint> {
  const child = fork(new URL('./bare-endpoint.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bare endpoint exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}/orders`,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
