import { describe, expect, it } from "vitest";
import { KIND_CODES, kindCode, kindFromCode, LAYER_CODES, layerCode, layerFromCode } from "@/lib/classify/kind-codes";
import { OUTCOME_KINDS, type OutcomeKind } from "@/lib/classify/kinds";

// Stored results hold these numbers: changing one rewrites history. A new kind
// or layer gets the next free code and a new line here; no line ever changes.
const PINNED_KINDS: Record<OutcomeKind, number> = {
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
};
const PINNED_LAYERS = { proxy: 1, network: 2, tls: 3, api: 4, quota: 5 };

describe("stored kind and layer codes", () => {
  it("keep every code they ever had", () => {
    expect(KIND_CODES).toEqual(PINNED_KINDS);
    expect(LAYER_CODES).toEqual(PINNED_LAYERS);
  });

  it("cover every outcome kind and layer, one code each", () => {
    expect(Object.keys(KIND_CODES).sort()).toEqual(Object.keys(OUTCOME_KINDS).sort());
    const layers = new Set(Object.values(OUTCOME_KINDS).map((info) => info.layer).filter((layer) => layer !== null));
    expect(Object.keys(LAYER_CODES).sort()).toEqual([...layers].sort());
    expect(new Set(Object.values(KIND_CODES)).size).toBe(Object.keys(KIND_CODES).length);
    expect(new Set(Object.values(LAYER_CODES)).size).toBe(Object.keys(LAYER_CODES).length);
  });

  it.each(Object.keys(OUTCOME_KINDS) as OutcomeKind[])("%s reads back as itself, with its layer", (kind) => {
    expect(kindFromCode(kindCode(kind))).toBe(kind);
    const layer = OUTCOME_KINDS[kind].layer;
    expect(layerFromCode(layerCode(layer))).toBe(layer);
  });

  it.each([
    ["a kind name no version wrote", () => kindCode("http_error"), KIND_CODES.unknown],
    ["a name inherited from Object", () => kindCode("constructor"), KIND_CODES.unknown],
    ["a code from a newer version", () => kindFromCode(999), "unknown"],
    ["an unknown layer", () => layerCode("http"), null],
    ["a layer code from a newer version", () => layerFromCode(99), null],
  ])("%s falls back", (_case, read, expected) => {
    expect(read()).toBe(expected);
  });
});
