import { InvalidEnvironmentError } from "../lib/env";
import { InvalidProxySpecError } from "../lib/routes/parse-proxy-spec";
import { CaFileError } from "../lib/routes/trusted-roots";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports and exits on: a stable code (as the HTTP API's), a message, an exit code. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Bad usage: the message is printed as is, and the exit code is 2. */
export class UsageError extends CliError {
  constructor(message: string, code = "bad_usage") {
    super(code, message, EXIT.usage);
    this.name = "UsageError";
  }
}

/**
 * Prints an error the CLI knows and returns its exit code, or null for an
 * unexpected one outside --json (left to crash loudly). Under --json it is the HTTP API's
 * `{ "error": { "code", "message" } }` on stdout, so a script reads one
 * shape whatever happened; otherwise a line on stderr.
 */
export function reportCliError(error: unknown, json: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number | null {
  const known = asCliError(error);
  if (!known) {
    if (!json) return null;
    // A script reading --json gets the one shape even for a bug; the stack goes to stderr for the report.
    out.write(`${JSON.stringify({ error: { code: "internal_error", message: `proxypulse failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` } })}\n`);
    err.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.failed;
  }
  if (json) out.write(`${JSON.stringify({ error: { code: known.code, message: known.message } })}\n`);
  else err.write(`proxypulse: ${known.message}${known.exitCode === EXIT.usage ? '\nRun "proxypulse help" for usage.' : ""}\n`);
  return known.exitCode;
}

function asCliError(error: unknown): CliError | null {
  if (error instanceof CliError) return error;
  if (error instanceof InvalidProxySpecError) return new UsageError(error.message, "invalid_proxy");
  if (error instanceof CaFileError) return new UsageError(error.message, "invalid_ca_file");
  if (error instanceof InvalidEnvironmentError) return new UsageError(error.message, "invalid_environment");
  return null;
}

/** Whether the command line asks for JSON output (looked at before parsing, so a parse error is JSON too). */
export function wantsJson(argv: string[]): boolean {
  return argv.some((arg, index) => arg === "--json" || (arg === "--format" && argv[index + 1] === "json") || arg === "--format=json");
}
