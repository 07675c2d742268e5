import '../../services/shared/node-warnings.ts';
import { formatError, isEnvironmentError, isHarnessError, type ErrorCode } from '../model/errors.ts';

/**
 * Exit codes shared by every command: 1 a cell (or a command) failed, 2 bad usage, 3 compare
 * found a regression, 4 plan's sweep does not cover the target, 5 the environment is not ready
 * (no Java or Maven, no broker, a port taken, a service that cannot start), 130 interrupted.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, regression: 3, notCovered: 4, environment: 5, interrupted: 130 } as const;

/** Errors that mean the user named the wrong thing (flag, file, folder, metric, cell): exit 2. */
const USAGE_CODES: readonly ErrorCode[] = [
  'BAD_ARGUMENT',
  'UNKNOWN_TOOL',
  'SCENARIO_INVALID',
  'SCENARIO_NOT_FOUND',
  'RESULTS_NOT_FOUND',
  'RESULTS_INVALID',
  'CELLS_MISMATCH',
  'THRESHOLD_INVALID',
  'PLAN_INVALID',
];

/**
 * Runs a CLI body: expected failures print one line and a hint (never a stack trace) and exit 1,
 * 2 for bad usage, 5 for an environment that is not ready; a bug still gets its stack when
 * KSB_DEBUG is set.
 */
export function runCli(body: () => Promise<number | undefined>): void {
  body().then(
    (code) => {
      process.exitCode = code ?? EXIT.ok;
    },
    (err: unknown) => {
      process.stderr.write(`${formatError(err)}\n`);
      if (process.env.KSB_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      const usage = isHarnessError(err) && USAGE_CODES.includes(err.code);
      process.exitCode = usage ? EXIT.usage : isEnvironmentError(err) ? EXIT.environment : EXIT.failed;
    },
  );
}

/** yargs' own usage errors (unknown flag, wrong type) should read like ours, and exit 2. */
export function usageFail(scriptName: string) {
  return (msg: string | null, err: Error | null) => {
    process.stderr.write(`error[BAD_ARGUMENT]: ${msg ?? err?.message ?? 'bad arguments'}\n  hint: run \`npm run ${scriptName} -- --help\`\n`);
    process.exit(EXIT.usage);
  };
}
