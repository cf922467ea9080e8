import type { ExchangePhase } from "../probe/timings";

export type ConnectHop = "proxy" | "target";

export interface RouteConnectErrorDetails {
  phase: ExchangePhase;
  hop: ConnectHop;
  /** Set when the route goes through a proxy. */
  viaProxy: boolean;
  /** Status the HTTP proxy answered to CONNECT. */
  proxyStatus?: number;
  /** SOCKS5 reply name (e.g. "HostUnreachable") or handshake failure. */
  socksFailure?: string;
  timedOut?: boolean;
  cause?: unknown;
}

/**
 * A failure while opening a route's connection, tagged with the step it
 * happened in, so the classifier does not have to guess from messages.
 */
export class RouteConnectError extends Error {
  readonly details: RouteConnectErrorDetails;
  readonly code: string | undefined;

  constructor(message: string, details: RouteConnectErrorDetails) {
    super(message, { cause: details.cause });
    this.name = "RouteConnectError";
    this.details = details;
    this.code = errorCode(details.cause);
  }
}

export function errorCode(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") return error.code;
  return undefined;
}
