import { spawn } from 'node:child_process';
import { client } from '../../harness/clients/registry.ts';
import { log } from '../shared/cli.ts';

/**
 * `npm run service:inventory -- --client java ...`: a client that is not in this process (the
 * Java replica is its own JVM) is started the way its descriptor launches it, with the same
 * flags; this process passes signals on and exits with its code. The replica reads our stdin and
 * exits when it closes (`--exit-with-stdin`), so it dies with this process even on SIGKILL.
 */
export async function runOwnProcessClient(name: string, argv: string[]): Promise<void> {
  const flags = dropClientFlag(argv);
  const { command, args } = await client(name).launch([...flags, '--exit-with-stdin']);
  const child = spawn(command, args, { stdio: ['pipe', 'inherit', 'inherit'] });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      log('inventory', `${signal}: passing it to the ${name} replica`);
      child.kill('SIGTERM');
    });
  }
  const code = await new Promise<number>((resolve) => {
    child.once('error', (err) => {
      log('inventory', `cannot start the ${name} replica: ${err.message}`);
      resolve(1);
    });
    child.once('exit', (c, signal) => resolve(c ?? (signal === 'SIGKILL' ? 137 : 1)));
  });
  process.exit(code);
}

function dropClientFlag(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--client') i++;
    else if (!a.startsWith('--client=')) out.push(a);
  }
  return out;
}
