/**
 * Errors a person can act on. Every failure the harness expects (bad flag, bad scenario,
 * missing Java, port taken...) is a HarnessError with a stable code and a hint that says
 * what to do instead; the CLI prints `error[CODE]: message` and the hint, never a stack.
 */
export type ErrorCode =
  | 'JAVA_MISSING'
  | 'JAVA_TOO_OLD'
  | 'MAVEN_MISSING'
  | 'KAFKA_FETCH_FAILED'
  | 'PORT_IN_USE'
  | 'DATA_DIR_NOT_WRITABLE'
  | 'BROKER_NOT_READY'
  | 'BROKER_ALREADY_RUNNING'
  | 'BROKER_NOT_RUNNING'
  | 'BROKER_UNREACHABLE'
  | 'UNKNOWN_TOOL'
  | 'BAD_ARGUMENT'
  | 'SCENARIO_INVALID'
  | 'SCENARIO_NOT_FOUND'
  | 'SERVICE_START_FAILED'
  | 'CELL_FAILED'
  | 'RESULTS_INVALID'
  | 'JOURNAL_INVALID'
  | 'INTERRUPTED'
  | 'RESULTS_NOT_FOUND'
  | 'CELLS_MISMATCH'
  | 'THRESHOLD_INVALID'
  | 'PLAN_INVALID'
  | 'BROWSER_MISSING'
  | 'LAB_ALREADY_RUNNING'
  | 'GROUP_TYPE_MISMATCH';

/**
 * The machine or the cluster is not ready (no Java, no broker, a port taken, a service that
 * cannot start): nothing was measured, which is not the same as a cell that failed. Exit 5.
 */
export const ENVIRONMENT_CODES: readonly ErrorCode[] = [
  'JAVA_MISSING',
  'JAVA_TOO_OLD',
  'MAVEN_MISSING',
  'KAFKA_FETCH_FAILED',
  'PORT_IN_USE',
  'DATA_DIR_NOT_WRITABLE',
  'BROKER_NOT_READY',
  'BROKER_NOT_RUNNING',
  'BROKER_UNREACHABLE',
  'SERVICE_START_FAILED',
  'BROWSER_MISSING',
];

export function isEnvironmentError(err: unknown): boolean {
  return isHarnessError(err) && ENVIRONMENT_CODES.includes(err.code);
}

export class HarnessError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HarnessError';
    this.code = code;
    this.hint = options.hint;
  }
}

export function isHarnessError(err: unknown): err is HarnessError {
  return err instanceof HarnessError;
}

/** One line (plus a hint) for a terminal; unexpected errors keep their message but lose the stack. */
export function formatError(err: unknown): string {
  if (isHarnessError(err)) {
    return `error[${err.code}]: ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `error: ${message}`;
}
