import type { ApiAnswer } from "../providers/provider";
import type { ExchangePhase } from "../probe/timings";
import { ResponseTooLargeError } from "../routes/exchange-fetch";
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

/** The peer's certificate was judged (untrusted, expired, wrong name), as opposed to a broken handshake. */
const CERTIFICATE_VERDICT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|HOSTNAME_MISMATCH/;
/** Any TLS failure: a certificate verdict or a handshake that broke. */
const CERTIFICATE_CODES = new RegExp(`${CERTIFICATE_VERDICT_CODES.source}|ERR_SSL|ERR_TLS|EPROTO`);
const NOT_A_PROXY_STATUSES = new Set([400, 405, 501]);
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "ECONNABORTED"]);

/** What the provider made of the error: the API answer behind it, and whether its SDK timed out. */
export interface ProviderReading {
  answer: ApiAnswer | null;
  sdkTimeout: boolean;
  classifyAnswer(answer: ApiAnswer): Classification;
}

export function classifyFailure(error: unknown, context: FailureContext, provider: ProviderReading): Classification {
  if (context.deadlineHit) return classifyDeadline(error, context);

  const unexpected = findInChain(error, (e): e is UnexpectedResponseError => e instanceof UnexpectedResponseError);
  if (unexpected) return classification("unexpected_response", unexpected.message, { httpStatus: unexpected.httpStatus });

  const connectError = findInChain(error, (e): e is RouteConnectError => e instanceof RouteConnectError);
  if (connectError) return classifyConnectError(connectError, context);

  const tooLarge = findInChain(error, (e): e is ResponseTooLargeError => e instanceof ResponseTooLargeError);
  if (tooLarge) return classification("unexpected_response", `${tooLarge.message}: not an answer to a probe (a wrong endpoint, or something between us and the API sending a file?)`);

  if (provider.answer) {
    const { status, headers } = provider.answer;
    // A redirect exchangeFetch did not follow, whatever the provider.
    if (status >= 300 && status <= 399) return classification("unexpected_response", describeRedirect(status, headers), { httpStatus: status });
    return provider.classifyAnswer(provider.answer);
  }

  if (provider.sdkTimeout) {
    return classification("timeout", `no complete answer within ${context.timeoutMs} ms`);
  }
  return classifyTransportError(error, context);
}

function classifyDeadline(error: unknown, context: FailureContext): Classification {
  const connectError = findInChain(error, (e): e is RouteConnectError => e instanceof RouteConnectError);
  const phase = connectError?.details.phase ?? context.phase;
  const within = `within ${context.timeoutMs} ms`;
  switch (phase) {
    case "dns":
      return classification("dns_failure", `DNS lookup of the API host did not finish ${within}`);
    case "connect":
      return context.viaProxy
        ? classification("proxy_timeout", `the proxy did not accept a TCP connection ${within}`)
        : classification("connect_timeout", `no TCP connection to the API host ${within}`);
    case "tunnel":
      return classification("proxy_timeout", `the proxy accepted the connection but did not complete the tunnel handshake ${within}`);
    case "tls":
      return context.viaProxy
        ? classification(
            "proxy_upstream_failed",
            `the proxy opened the tunnel but the TLS handshake through it did not complete ${within} (its upstream node is not answering)`,
          )
        : classification("tls_error", `the TLS handshake with the API host did not complete ${within}`);
    case "start":
    case "waiting":
      return classification("timeout", `the request was sent but no response came ${within}`);
    case "body":
    case "done":
      return classification("timeout", `the response started but its body did not complete ${within}`);
  }
}

function classifyConnectError(error: RouteConnectError, context: FailureContext): Classification {
  const { phase, hop, proxyStatus, socksFailure } = error.details;
  const codes = codesInChain(error);
  const has = (...wanted: string[]) => wanted.some((code) => codes.includes(code));
  const message = error.message;

  if (phase === "dns") return classification("dns_failure", message);

  if (phase === "connect") {
    if (hop === "proxy") return classification("proxy_unreachable", message);
    if (has("ETIMEDOUT")) return classification("connect_timeout", message);
    if (has("ECONNRESET")) return classification("connection_reset", message);
    if (has("ENOTFOUND", "EAI_AGAIN")) return classification("dns_failure", message);
    return classification("connection_refused", message);
  }

  if (phase === "tunnel") {
    if (proxyStatus !== undefined) {
      if (proxyStatus === 407 || proxyStatus === 401) return classification("proxy_auth_failed", message, { httpStatus: proxyStatus });
      // What web servers answer a method they do not know: not a proxy at all.
      if (NOT_A_PROXY_STATUSES.has(proxyStatus)) return classification("proxy_protocol_error", message, { httpStatus: proxyStatus });
      if (proxyStatus >= 500) return classification("proxy_upstream_failed", message, { httpStatus: proxyStatus });
      return classification("proxy_refused", message, { httpStatus: proxyStatus });
    }
    switch (socksFailure) {
      case "AuthenticationFailed":
      case "NoAcceptableAuth":
        return classification("proxy_auth_failed", message);
      case "Failure":
      case "NetworkUnreachable":
      case "HostUnreachable":
      case "ConnectionRefused":
      case "TTLExpired":
        return classification("proxy_upstream_failed", message);
      case undefined:
      case "SocketClosed":
      case "Negotiation":
        // No status, no SOCKS reply: the handshake itself broke, so whatever
        // listens there does not speak the protocol the route names.
        return classification("proxy_protocol_error", message);
      default:
        return classification("proxy_refused", message);
    }
  }

  // TLS with an https:// proxy: anything but a certificate verdict (a reset,
  // a hang-up, "wrong version number" from a plain-HTTP port) is the proxy
  // URL's scheme or port, never the API or the network.
  if (hop === "proxy") {
    return codes.some((code) => CERTIFICATE_VERDICT_CODES.test(code))
      ? classification("tls_error", message)
      : classification("proxy_protocol_error", message);
  }

  // TLS: a dropped handshake inside an accepted tunnel is the proxy's dead
  // upstream (Clash answers CONNECT before dialing its node), not the API.
  const dropped = has(...RESET_CODES) || /disconnected before secure TLS|socket hang up|other side closed/i.test(message);
  if (dropped && hop === "target" && context.tunnelEstablished) return classification("proxy_upstream_failed", message);
  if (dropped && hop === "target") return classification("connection_reset", message);
  if (codes.some((code) => CERTIFICATE_CODES.test(code)) || !dropped) return classification("tls_error", message);
  return classification("connection_reset", message);
}

/** A redirect the probe did not follow: exchangeFetch follows only those to the same host. */
function describeRedirect(status: number, headers: ApiAnswer["headers"]): string {
  const location = headers?.get("location");
  if (!location) return `HTTP ${status} redirect without a Location`;
  return `HTTP ${status} redirect to ${truncate(location, 200)}, not followed (a probe follows a few redirects, only within the same host and never from https to http, so that the API key goes nowhere else); if that address is right, make it the base URL`;
}

/** An error answer that is not the API's own error object: an HTML page, an empty or foreign body. */
export function describeNonApiBody(status: number, body: ErrorBody | undefined): string {
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
  if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN")) return classification("dns_failure", message);
  if (message === "bad port") return classification("unknown", `${messages}: fetch refuses this port (one of the ports browsers block); use another port for the API`);
  if (codes.includes("UND_ERR_HEADERS_TIMEOUT") || codes.includes("UND_ERR_BODY_TIMEOUT")) return classification("timeout", message);
  if (codes.some((code) => RESET_CODES.has(code)) || /\bterminated\b|other side closed/i.test(messages)) {
    return classification("connection_reset", `the connection was cut during the ${phaseName(context.phase)}: ${message}`);
  }
  return classification("unknown", messages);
}

function phaseName(phase: ExchangePhase): string {
  return phase === "body" ? "response body" : phase === "waiting" ? "wait for the response" : phase;
}

/** The message of the deepest cause: what actually failed. */
export function innermostMessage(error: unknown): string {
  const chain = [...walkErrorChain(error)];
  const last = chain[chain.length - 1];
  return last instanceof Error ? last.message : String(last);
}

export function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** A classification of one kind, its layer from the kinds table. */
export function classification(
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
  return classification("proxy_protocol_error", message);
}

export function okClassification(httpStatus: number): Classification {
  return classification("ok", "OK", { httpStatus });
}
