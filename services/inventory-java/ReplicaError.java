package bench.inventory;

/**
 * An error a person can act on, with the stable codes of harness/model/errors.ts: printed as one
 * `inventory: error[CODE]: message` line and a hint, never a stack trace.
 */
final class ReplicaError extends RuntimeException {
  final String code;
  final String hint;

  ReplicaError(String code, String message, String hint) {
    super(message);
    this.code = code;
    this.hint = hint;
  }

  ReplicaError(String code, String message, String hint, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.hint = hint;
  }

  /**
   * Exit codes of runService in services/shared/cli.ts: 2 for a bad flag, 5 when the machine or
   * the cluster is not ready (harness/model/errors.ts ENVIRONMENT_CODES: nothing was measured), else 1.
   */
  int exitCode() {
    if (code.equals("BAD_ARGUMENT")) return 2;
    return ENVIRONMENT_CODES.contains(code) ? 5 : 1;
  }

  private static final java.util.Set<String> ENVIRONMENT_CODES = java.util.Set.of(
      "JAVA_MISSING", "JAVA_TOO_OLD", "MAVEN_MISSING", "KAFKA_FETCH_FAILED", "PORT_IN_USE", "DATA_DIR_NOT_WRITABLE",
      "BROKER_NOT_READY", "BROKER_NOT_RUNNING", "BROKER_UNREACHABLE", "SERVICE_START_FAILED", "BROWSER_MISSING");

  /** BAD_ARGUMENT stays on one line (the hint in parentheses); others print the hint below. */
  String format() {
    String line = "error[" + code + "]: " + getMessage();
    if (hint == null) return line;
    return code.equals("BAD_ARGUMENT") ? line + " (" + hint + ")" : line + "\n  hint: " + hint;
  }
}
