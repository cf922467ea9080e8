// Loaded only when a command fails: it needs the error classes of lib/ (zod and friends).
import { InvalidEnvironmentError } from "../lib/env";
import { InvalidProxySpecError } from "../lib/routes/parse-proxy-spec";
import { CaFileError } from "../lib/routes/trusted-roots";
import { CliError, EXIT, UsageError } from "./cli-error";

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

