// No imports from lib/ here: `help` and usage errors must load almost nothing.

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

/** Whether the command line asks for JSON output (looked at before parsing, so a parse error is JSON too). */
export function wantsJson(argv: string[]): boolean {
  return argv.some((arg, index) => arg === "--json" || (arg === "--format" && argv[index + 1] === "json") || arg === "--format=json");
}
