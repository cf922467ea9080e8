import type { ZodError } from "zod";
import type { ConfigError } from "../config/load-config";
import { log } from "../log";
import { isAppError } from "./app-error";
import { formatPath } from "../config/load-config";
import { describeStorageError, isStorageError } from "../db/storage-health";
import { isRefusedText } from "../db/refused-text";

/**
 * The one mapping from errors to HTTP: `{ error: { code, message } }` with the
 * right status. Anything unexpected is logged and answered with a bare 500.
 */
export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
    const body: { error: { code: string; message: string; details?: unknown } } = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return Response.json(body, { status: error.status, headers });
  }
  // By shape, not instanceof: the error may come from another bundle's copy (see isAppError).
  if (isNamed<ZodError>(error, "ZodError") && Array.isArray(error.issues)) {
    const details = error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    const message = details.map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message)).join("; ");
    return Response.json({ error: { code: "invalid_input", message, details } }, { status: 400 });
  }
  // A proxy string a caller typed: the parser's message says what is wrong and which forms work.
  if (isNamed(error, "InvalidProxySpecError")) {
    return Response.json({ error: { code: "invalid_input", message: error.message } }, { status: 400 });
  }
  if (isNamed<ConfigError>(error, "ConfigError")) {
    return Response.json({ error: { code: error.code, message: error.message } }, { status: 503 });
  }
  if (isRefusedText(error)) {
    return Response.json({ error: { code: "invalid_input", message: "Text with a NUL character (\\u0000) is not accepted: remove it and try again." } }, { status: 400 });
  }
  // A full disk or a read-only file is the operator's to fix, not a bug: say
  // so (the cause only, never a path) with a status a client can retry on.
  if (isStorageError(error)) {
    return Response.json(
      { error: { code: "storage_unavailable", message: `The database cannot be used right now (${describeStorageError(error)}); nothing was changed. Try again once it works (see /readyz).` } },
      { status: 503, headers: { "retry-after": "30" } },
    );
  }
  log.error("unexpected error in a request", { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return Response.json({ error: { code: "internal_error", message: "Something went wrong on the server; see its log." } }, { status: 500 });
}

function isNamed<T extends Error = Error>(error: unknown, name: string): error is T {
  return error instanceof Error && error.name === name;
}
