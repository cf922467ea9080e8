import { AppError, NotFoundError } from "../http/app-error";
import { assertEditable } from "./guard-editable";

type Pausable = "proxy" | "target";

/**
 * Pausing is an operational switch, so the dashboard may pause and resume
 * the file's (and the built-in) proxies and targets too; every other field
 * of those stays the file's. A resume cannot lift the file's own
 * `enabled: false`: that is changed in the file.
 */
export function assertChangeAllowed(
  existing: { source: string; name: string; pausedInFile: boolean } | null,
  changes: { enabled?: boolean | undefined } & Record<string, unknown>,
  what: Pausable,
): asserts existing is { source: string; name: string; pausedInFile: boolean } {
  if (!existing) throw new NotFoundError(what[0]!.toUpperCase() + what.slice(1));
  const { enabled, ...rest } = changes;
  const others = Object.values(rest).some((value) => value !== undefined);
  if (others || enabled === undefined) assertEditable(existing, what);
  if (enabled === true && existing.pausedInFile) {
    throw new AppError("paused_in_file", `The ${what} "${existing.name}" is paused by proxypulse.yaml (enabled: false): resume it in the file.`, 409);
  }
}
