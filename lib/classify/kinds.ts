/**
 * The one table of outcome kinds and the layer each belongs to. What each
 * kind is called and what to do about it, per language, lives in
 * lib/i18n/kind-texts.ts: classification deals in codes, not sentences.
 * Adding a kind is one entry here and its texts there.
 */
export type Layer = "proxy" | "network" | "tls" | "api" | "quota";

export interface KindInfo {
  layer: Layer | null;
}

export const OUTCOME_KINDS = {
  ok: { layer: null },
  proxy_unreachable: { layer: "proxy" },
  proxy_timeout: { layer: "proxy" },
  proxy_auth_failed: { layer: "proxy" },
  proxy_refused: { layer: "proxy" },
  proxy_upstream_failed: { layer: "proxy" },
  proxy_protocol_error: { layer: "proxy" },
  dns_failure: { layer: "network" },
  connection_refused: { layer: "network" },
  connect_timeout: { layer: "network" },
  connection_reset: { layer: "network" },
  tls_error: { layer: "tls" },
  timeout: { layer: "network" },
  auth_invalid: { layer: "api" },
  region_blocked: { layer: "api" },
  forbidden: { layer: "api" },
  model_not_found: { layer: "api" },
  bad_request: { layer: "api" },
  quota_exhausted: { layer: "quota" },
  rate_limited: { layer: "quota" },
  server_error: { layer: "api" },
  unexpected_response: { layer: "api" },
  unknown: { layer: null },
  // Streaming kinds: something between us and the API (a proxy, CDN or gateway) held the events back; the stream broke off.
  stream_buffered: { layer: "proxy" },
  stream_interrupted: { layer: "network" },
} as const satisfies Record<string, KindInfo>;

export type OutcomeKind = keyof typeof OUTCOME_KINDS;

export const OUTCOME_KIND_NAMES = Object.keys(OUTCOME_KINDS) as OutcomeKind[];
