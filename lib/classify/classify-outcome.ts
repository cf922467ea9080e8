import { APIConnectionTimeoutError, APIError } from "openai";
import type { ExchangePhase } from "../probe/timings";
import { RouteConnectError } from "../routes/route-connect-error";
import { codesInChain, findInChain, walkErrorChain } from "./error-chain";
import { OUTCOME_KINDS, type Layer, type OutcomeKind } from "./kinds";

export interface Classification {
  kind: OutcomeKind;
  layer: Layer | null;
  httpStatus: number | null;
  apiErrorCode: string | null;
  apiErrorType: string | null;
  /** Unsanitised: the probe runner redacts secrets before it leaves. */
  message: string;
}

export interface FailureContext {
  /** Our own deadline fired (not the SDK's, not the network's). */
  deadlineHit: boolean;
  timeoutMs: number;
  phase: ExchangePhase;
  viaProxy: boolean;
  /** A proxy had accepted the tunnel before the failure. */
  tunnelEstablished: boolean;
}

/** The body an API error response carried, kept by the probe's client. */
export interface ErrorBody {
  json: unknown;
  text: string | null;
}

/** A 2xx answer that is not what the endpoint returns (HTML, an error object…). */
export class UnexpectedResponseError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = "UnexpectedResponseError";
  }
}

const QUOTA_CODES = new Set(["insufficient_quota", "billing_not_active", "credit_balance_exhausted", "billing_hard_limit_reached"]);
/** The peer's certificate was judged (untrusted, expired, wrong name), as opposed to a broken handshake. */
const CERTIFICATE_VERDICT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|HOSTNAME_MISMATCH/;
/** Any TLS failure: a certificate verdict or a handshake that broke. */
const CERTIFICATE_CODES = new RegExp(`${CERTIFICATE_VERDICT_CODES.source}|ERR_SSL|ERR_TLS|EPROTO`);
const NOT_A_PROXY_STATUSES = new Set([400, 405, 501]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"]);

export function classifyFailure(error: unknown, context: FailureContext, errorBody?: ErrorBody): Classification {
  if (context.deadlineHit) return classifyDeadline(error, context);

  const unexpected = findInChain(error, (e): e is UnexpectedResponseError => e instanceof UnexpectedResponseError);
  if (unexpected) return result("unexpected_response", unexpected.message, { httpStatus: unexpected.httpStatus });

  const connectError = findInChain(error, (e): e is RouteConnectError => e instanceof RouteConnectError);
  if (connectError) return classifyConnectError(connectError, context);

  if (error instanceof APIError && typeof error.status === "number") return classifyStatus(error, errorBody);

  if (error instanceof APIConnectionTimeoutError) {
    return result("timeout", `no complete answer within ${context.timeoutMs} ms`);
  }
  return classifyTransportError(error, context);
}

function classifyDeadline(error: unknown, context: FailureContext): Classification {
  const connectError = findInChain(error, (e): e is RouteConnectError => e instanceof RouteConnectError);
  const phase = connectError?.details.phase ?? context.phase;
  const within = `within ${context.timeoutMs} ms`;
  switch (phase) {
    case "dns":
      return result("dns_failure", `DNS lookup of the API host did not finish ${within}`);
    case "connect":
      return context.viaProxy
        ? result("proxy_timeout", `the proxy did not accept a TCP connection ${within}`)
        : result("connect_timeout", `no TCP connection to the API host ${within}`);
    case "tunnel":
      return result("proxy_timeout", `the proxy accepted the connection but did not complete the tunnel handshake ${within}`);
    case "tls":
      return context.viaProxy
        ? result(
            "proxy_upstream_failed",
            `the proxy opened the tunnel but the TLS handshake through it did not complete ${within} (its upstream node is not answering)`,
          )
        : result("tls_error", `the TLS handshake with the API host did not complete ${within}`);
    case "start":
    case "waiting":
      return result("timeout", `the request was sent but no response came ${within}`);
    case "body":
    case "done":
      return result("timeout", `the response started but its body did not complete ${within}`);
  }
}

function classifyConnectError(error: RouteConnectError, context: FailureContext): Classification {
  const { phase, hop, proxyStatus, socksFailure } = error.details;
  const codes = codesInChain(error);
  const has = (...wanted: string[]) => wanted.some((code) => codes.includes(code));
  const message = error.message;

  if (phase === "dns") return result("dns_failure", message);

  if (phase === "connect") {
    if (hop === "proxy") return result("proxy_unreachable", message);
    if (has("ETIMEDOUT")) return result("connect_timeout", message);
    if (has("ECONNRESET")) return result("connection_reset", message);
    if (has("ENOTFOUND", "EAI_AGAIN")) return result("dns_failure", message);
    return result("connection_refused", message);
  }

  if (phase === "tunnel") {
    if (proxyStatus !== undefined) {
      if (proxyStatus === 407 || proxyStatus === 401) return result("proxy_auth_failed", message, { httpStatus: proxyStatus });
      // What web servers answer a method they do not know: not a proxy at all.
      if (NOT_A_PROXY_STATUSES.has(proxyStatus)) return result("proxy_protocol_error", message, { httpStatus: proxyStatus });
      if (proxyStatus >= 500) return result("proxy_upstream_failed", message, { httpStatus: proxyStatus });
      return result("proxy_refused", message, { httpStatus: proxyStatus });
    }
    switch (socksFailure) {
      case "AuthenticationFailed":
      case "NoAcceptableAuth":
        return result("proxy_auth_failed", message);
      case "Failure":
      case "NetworkUnreachable":
      case "HostUnreachable":
      case "ConnectionRefused":
      case "TTLExpired":
        return result("proxy_upstream_failed", message);
      case undefined:
      case "SocketClosed":
      case "Negotiation":
        // No status, no SOCKS reply: the handshake itself broke, so whatever
        // listens there does not speak the protocol the route names.
        return result("proxy_protocol_error", message);
      default:
        return result("proxy_refused", message);
    }
  }

  // TLS with an https:// proxy: anything but a certificate verdict (a reset,
  // a hang-up, "wrong version number" from a plain-HTTP port) is the proxy
  // URL's scheme or port, never the API or the network.
  if (hop === "proxy") {
    return codes.some((code) => CERTIFICATE_VERDICT_CODES.test(code))
      ? result("tls_error", message)
      : result("proxy_protocol_error", message);
  }

  // TLS: a dropped handshake inside an accepted tunnel is the proxy's dead
  // upstream (Clash answers CONNECT before dialing its node), not the API.
  const dropped = has(...RESET_CODES) || /disconnected before secure TLS|socket hang up|other side closed/i.test(message);
  if (dropped && hop === "target" && context.tunnelEstablished) return result("proxy_upstream_failed", message);
  if (dropped && hop === "target") return result("connection_reset", message);
  if (codes.some((code) => CERTIFICATE_CODES.test(code)) || !dropped) return result("tls_error", message);
  return result("connection_reset", message);
}

function classifyStatus(error: APIError, body: ErrorBody | undefined): Classification {
  const status = error.status as number;
  const apiError = apiErrorFields(body?.json);
  const base = {
    httpStatus: status,
    apiErrorCode: apiError?.code ?? null,
    apiErrorType: apiError?.type ?? null,
  };
  const isApiAnswer = apiError !== null;
  const message = apiError?.message ?? describeNonApiBody(status, body);

  if (status === 429) {
    const quota = QUOTA_CODES.has(apiError?.code ?? "") || QUOTA_CODES.has(apiError?.type ?? "");
    return result(quota ? "quota_exhausted" : "rate_limited", message, base);
  }
  if (status >= 300 && status <= 399) return result("unexpected_response", describeRedirect(status, error.headers), base);
  if (!isApiAnswer) return result("unexpected_response", message, base);
  if (status === 401) return result("auth_invalid", message, base);
  if (status === 403) {
    return result(apiError.code === "unsupported_country_region_territory" ? "region_blocked" : "forbidden", message, base);
  }
  if (status === 404) return result("model_not_found", message, base);
  if (status >= 500) return result("server_error", message, base);
  if (status >= 400) return result("bad_request", message, base);
  return result("unexpected_response", message, base);
}

/**
 * OpenAI answers `{ error: { message, type, code } }`; several compatible
 * servers answer the fields at the top level. Anything else is not an API error.
 */
function apiErrorFields(json: unknown): { message: string; type: string | null; code: string | null } | null {
  if (!json || typeof json !== "object") return null;
  const record = json as Record<string, unknown>;
  const inner = record.error;
  const source =
    inner && typeof inner === "object" ? (inner as Record<string, unknown>)
    : typeof inner === "string" ? { message: inner }
    : record;
  const message = typeof source.message === "string" ? source.message : null;
  if (message === null) return null;
  return {
    message,
    type: typeof source.type === "string" ? source.type : null,
    code: typeof source.code === "string" ? source.code : typeof source.code === "number" ? String(source.code) : null,
  };
}

/** A redirect the probe did not follow: exchangeFetch follows only those to the same host. */
function describeRedirect(status: number, headers: Headers | undefined): string {
  const location = headers?.get("location");
  if (!location) return `HTTP ${status} redirect without a Location`;
  return `HTTP ${status} redirect to ${truncate(location, 200)}, not followed (a probe follows a few redirects, and only within the same host, so that the API key goes nowhere else); if that address is right, make it the base URL`;
}

function describeNonApiBody(status: number, body: ErrorBody | undefined): string {
  const text = body?.text?.trim() ?? "";
  if (text === "") return `HTTP ${status} with an empty body`;
  if (/^\s*</.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `HTTP ${status} with an HTML page${title ? ` ("${title}")` : ""}, not an API answer`;
  }
  if (body?.json !== undefined && body.json !== null) return `HTTP ${status}: ${truncate(JSON.stringify(body.json), 200)}`;
  return `HTTP ${status} with a non-JSON body: ${truncate(text, 200)}`;
}

function classifyTransportError(error: unknown, context: FailureContext): Classification {
  const codes = codesInChain(error);
  const messages = [...walkErrorChain(error)].map((e) => (e instanceof Error ? e.message : String(e))).join(" <- ");
  const message = innermostMessage(error);
  if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN")) return result("dns_failure", message);
  if (message === "bad port") return result("unknown", `${messages}: fetch refuses this port (one of the ports browsers block); use another port for the API`);
  if (codes.includes("UND_ERR_HEADERS_TIMEOUT") || codes.includes("UND_ERR_BODY_TIMEOUT")) return result("timeout", message);
  if (codes.some((code) => RESET_CODES.has(code)) || /\bterminated\b|other side closed/i.test(messages)) {
    return result("connection_reset", `the connection was cut during the ${phaseName(context.phase)}: ${message}`);
  }
  return result("unknown", messages);
}

function phaseName(phase: ExchangePhase): string {
  return phase === "body" ? "response body" : phase === "waiting" ? "wait for the response" : phase;
}

function innermostMessage(error: unknown): string {
  const chain = [...walkErrorChain(error)];
  const last = chain[chain.length - 1];
  return last instanceof Error ? last.message : String(last);
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

function result(
  kind: OutcomeKind,
  message: string,
  extra: Partial<Pick<Classification, "httpStatus" | "apiErrorCode" | "apiErrorType">> = {},
): Classification {
  return {
    kind,
    layer: OUTCOME_KINDS[kind].layer,
    httpStatus: extra.httpStatus ?? null,
    apiErrorCode: extra.apiErrorCode ?? null,
    apiErrorType: extra.apiErrorType ?? null,
    message,
  };
}

/** A proxy setting that cannot be used at all (an unsupported scheme in a proxy variable). */
export function misconfiguredProxy(message: string): Classification {
  return result("proxy_protocol_error", message);
}

export function okClassification(httpStatus: number): Classification {
  return result("ok", "OK", { httpStatus });
}
