import type { Layer, OutcomeKind } from "./kinds";

/**
 * How outcome kinds and layers are stored in ProbeResult (a small integer
 * instead of the name: most rows are `ok`, stored as 0, which takes no bytes
 * at all in a SQLite record). Stored data depends on these numbers, so they
 * are append-only: give a new kind the next free code, never reuse or
 * renumber one (tests/unit/classify/kind-codes.test.ts pins them).
 */
export const KIND_CODES = {
  ok: 0,
  proxy_unreachable: 1,
  proxy_timeout: 2,
  proxy_auth_failed: 3,
  proxy_refused: 4,
  proxy_upstream_failed: 5,
  proxy_protocol_error: 6,
  dns_failure: 7,
  connection_refused: 8,
  connect_timeout: 9,
  connection_reset: 10,
  tls_error: 11,
  timeout: 12,
  auth_invalid: 13,
  region_blocked: 14,
  forbidden: 15,
  model_not_found: 16,
  bad_request: 17,
  quota_exhausted: 18,
  rate_limited: 19,
  server_error: 20,
  unexpected_response: 21,
  unknown: 22,
  stream_buffered: 23,
  stream_interrupted: 24,
} as const satisfies Record<OutcomeKind, number>;

/** Append-only like KIND_CODES. */
export const LAYER_CODES = {
  proxy: 1,
  network: 2,
  tls: 3,
  api: 4,
  quota: 5,
} as const satisfies Record<Layer, number>;

const KIND_BY_CODE = new Map<number, OutcomeKind>(Object.entries(KIND_CODES).map(([kind, code]) => [code, kind as OutcomeKind]));
const LAYER_BY_CODE = new Map<number, Layer>(Object.entries(LAYER_CODES).map(([layer, code]) => [code, layer as Layer]));

/** A kind name from outside the table (e.g. a hand-written row) is stored as `unknown`. */
export function kindCode(kind: string): number {
  return Object.hasOwn(KIND_CODES, kind) ? KIND_CODES[kind as OutcomeKind] : KIND_CODES.unknown;
}

/** A code this version does not know (written by a newer one) reads as `unknown`. */
export function kindFromCode(code: number): OutcomeKind {
  return KIND_BY_CODE.get(code) ?? "unknown";
}

export function layerCode(layer: string | null): number | null {
  return layer !== null && Object.hasOwn(LAYER_CODES, layer) ? LAYER_CODES[layer as Layer] : null;
}

export function layerFromCode(code: number | null): Layer | null {
  return code === null ? null : (LAYER_BY_CODE.get(code) ?? null);
}

