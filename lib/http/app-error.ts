const BRAND = Symbol.for("proxypulse.AppError");

/** Errors a caller can act on, each with a stable code and an HTTP status. */
export class AppError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
    /** Seconds to wait before retrying (sent as retry-after). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/**
 * An AppError from any copy of this module: Next bundles route handlers and
 * instrumentation separately, and the service (made by the latter) throws
 * instances of its own copy, which `instanceof` in a handler does not see.
 */
export function isAppError(error: unknown): error is AppError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super("invalid_input", message, 400, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Admin access needed: send Authorization: Bearer <admin token>") {
    super("unauthorized", message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(code: string, message: string) {
    super(code, message, 403);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not_found", `${what} not found`, 404);
  }
}

export class ConflictError extends AppError {
  /** `details` name the field that clashes (`[{ path, message }]`), so a form shows it there. */
  constructor(message: string, details?: Array<{ path: string; message: string }>) {
    super("conflict", message, 409, details);
  }
}

export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super("rate_limited", message, 429, undefined, retryAfterSeconds);
  }
}

/** The process cannot do this now (it is stopping, or its database cannot be written); worth retrying later. */
export class ServiceUnavailableError extends AppError {
  constructor(code: string, message: string, retryAfterSeconds?: number) {
    super(code, message, 503, undefined, retryAfterSeconds);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super("payload_too_large", `The request body is larger than ${formatBytes(limitBytes)}, the most this endpoint accepts.`, 413);
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}
