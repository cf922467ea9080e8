import { log } from "../log";

/**
 * Ends a process whose start failed: one line that says why (the start-up
 * checks' errors carry the cause and what to do), then exit code 1, so a
 * supervisor sees the failure instead of a server answering 500 to every
 * request. An unexpected error keeps its stack for the bug report.
 */
export function exitOnStartupFailure(error: unknown): never {
  const known = error instanceof Error && typeof (error as { code?: unknown }).code === "string";
  const message = error instanceof Error ? error.message : String(error);
  log.error(`cannot start ProxyPulse: ${message}`, known || !(error instanceof Error) ? undefined : { stack: error.stack });
  process.exit(1);
}
