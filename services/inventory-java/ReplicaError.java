package bench.inventory;

/**
 * An error a person can act on, with the stable codes of harness/errors.ts: printed as one
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

  /** A bad flag exits 2, like runService in services/shared/cli.ts; anything else 1. */
  int exitCode() {
    return code.equals("BAD_ARGUMENT") ? 2 : 1;
  }

  /** BAD_ARGUMENT stays on one line (the hint in parentheses); others print the hint below. */
  String format() {
    String line = "error[" + code + "]: " + getMessage();
    if (hint == null) return line;
    return code.equals("BAD_ARGUMENT") ? line + " (" + hint + ")" : line + "\n  hint: " + hint;
  }
}
