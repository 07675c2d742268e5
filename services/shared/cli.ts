import './node-warnings.ts';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { HarnessError, formatError, isEnvironmentError, isHarnessError } from '../../harness/model/errors.ts';
import { watchLaunchers } from './parent-watch.ts';

export type ServiceName = 'order' | 'inventory';

/** Human log line on stderr; stdout carries only the machine-readable ready line. */
export function log(service: ServiceName, message: string): void {
  process.stderr.write(`${service}: ${message}\n`);
}

/** The one line the harness waits for (`--port 0` reports the port the OS picked). */
export function printReady(service: ServiceName, port: number): void {
  process.stdout.write(`${JSON.stringify({ event: 'ready', service, port })}\n`);
}

/**
 * A yargs parser that fails with a HarnessError instead of printing usage and a stack:
 * unknown flags are errors, every flag may also come from `<ENV_PREFIX>_<FLAG>`.
 */
export function cliParser(argv: string[], usage: string, envPrefix: string): Argv {
  return yargs(hideBin(argv))
    .usage(usage)
    .env(envPrefix)
    .strict()
    .parserConfiguration({ 'camel-case-expansion': true })
    .help()
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, err) => {
      if (err) throw err;
      const unknown = /^Unknown arguments?: (.*)$/.exec(message);
      const text = unknown
        ? `unknown flag ${(unknown[1] ?? '')
            .split(', ')
            .map((f) => describeUnknown(f, envPrefix))
            .join(', ')}`
        : message;
      throw new HarnessError('BAD_ARGUMENT', text, { hint: envHint(envPrefix) });
    });
}

/** Flags may come from the environment too: say so, or an unknown one is a riddle. */
function describeUnknown(name: string, envPrefix: string): string {
  const flag = name.length > 1 ? `--${name}` : `-${name}`;
  const variable = `${envPrefix}_${name.replace(/-/g, '_').toUpperCase()}`;
  return process.env[variable] === undefined ? flag : `${flag} (from ${variable})`;
}

function envHint(envPrefix: string): string {
  return `run with --help to see every flag and its default; ${envPrefix}_<FLAG> environment variables set flags too`;
}

/** Runs a service's main: expected failures print one line (exit 2 for a bad flag, 5 for no broker, 1 otherwise). */
export function runService(service: ServiceName, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${service}: ${formatError(err)}\n`);
    process.exit(isHarnessError(err) && err.code === 'BAD_ARGUMENT' ? 2 : isEnvironmentError(err) ? 5 : 1);
  });
}

/**
 * SIGTERM/SIGINT run `shutdown` once and exit 0. A second signal, or a shutdown that takes
 * longer than `graceMs`, exits 1 at once so a stuck broker never keeps a replica alive. The
 * process that launched the service going away counts as a SIGTERM (see parent-watch.ts).
 */
export function onShutdownSignal(service: ServiceName, shutdown: (signal: string) => Promise<void>, graceMs = 15_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(service, `${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(service, `${signal}: shutting down`);
    setTimeout(() => {
      log(service, `shutdown took longer than ${graceMs} ms, exiting`);
      process.exit(1);
    }, graceMs).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        log(service, `shutdown failed: ${formatError(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
  watchLaunchers((pid) => {
    log(service, `the process that launched it (pid ${pid}) is gone`);
    handle('SIGTERM');
  });
}
