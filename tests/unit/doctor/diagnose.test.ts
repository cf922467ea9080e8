import { describe, expect, it } from "vitest";
import { OUTCOME_KINDS, type OutcomeKind } from "@/lib/classify/kinds";
import { diagnose, type DoctorFacts } from "@/lib/doctor/diagnose";
import type { ProbeResult } from "@/lib/probe/run-probe";
import { EMPTY_TIMINGS } from "@/lib/probe/timings";
import { kindHints } from "@/lib/i18n/kind-texts";

function result(kind: OutcomeKind, totalMs = 100, extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    ok: kind === "ok",
    kind,
    layer: OUTCOME_KINDS[kind].layer,
    httpStatus: null,
    apiErrorCode: null,
    apiErrorType: null,
    message: kind,
    hint: kindHints(kind),
    requestId: null,
    processingMs: null,
    timings: { ...EMPTY_TIMINGS, totalMs },
    quota: { limitRequests: null, remainingRequests: null, resetRequestsMs: null, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
    usage: null,
    probe: "models",
    route: "direct",
    startedAt: "2026-11-27T00:00:00.000Z",
    midStream: false,
    stream: null,
    ...extra,
  };
}

function facts(overrides: Partial<DoctorFacts>): DoctorFacts {
  return { apiHost: "api.openai.com", apiKeySet: true, proxyVariables: [], tlsVerificationDisabled: false, routes: [], keyCheck: null, ...overrides };
}

describe("diagnose", () => {
  it("all good when a route works and the key has quota", () => {
    const d = diagnose(facts({ routes: [{ label: "direct", result: result("ok") }], keyCheck: { label: "direct", result: result("ok") } }));
    expect(d.healthy).toBe(true);
    expect(d.verdict.en).toMatch(/^All good: direct reaches api.openai.com/);
  });

  it("the proxy works but the key has no quota: billing, not speed", () => {
    const d = diagnose(
      facts({
        routes: [
          { label: "direct", result: result("connect_timeout") },
          { label: "env → http://127.0.0.1:7890", result: result("ok", 300) },
        ],
        keyCheck: { label: "env → http://127.0.0.1:7890", result: result("quota_exhausted") },
      }),
    );
    expect(d.healthy).toBe(false);
    expect(d.verdict.en).toMatch(/Your route works \(env → http:\/\/127\.0\.0\.1:7890\) but your key has no quota left/);
    expect(d.verdict.zh).toMatch(/额度已用尽/);
    expect(d.advice.map((a) => a.en).join("\n")).toMatch(/Direct access fails \(connect_timeout\) but env → http:\/\/127\.0\.0\.1:7890 works: make your code use that proxy explicitly/);
  });

  it("names the exit country when the API refuses the region", () => {
    const d = diagnose(
      facts({
        routes: [{ label: "direct", result: result("ok") }],
        keyCheck: { label: "direct", result: result("region_blocked", 100, { exit: { ip: "1.2.3.4", country: "CN", colo: "HKG" } }) },
      }),
    );
    expect(d.verdict.en).toMatch(/refuses the country it exits from \(exit country seen by the API: CN\)/);
  });

  it("blames the proxy when nothing gets through and the proxy is down", () => {
    const d = diagnose(facts({ routes: [{ label: "direct", result: result("connect_timeout") }, { label: "env → http://127.0.0.1:7890", result: result("proxy_unreachable") }] }));
    expect(d.healthy).toBe(false);
    expect(d.bestRoute).toBeNull();
    expect(d.verdict.en).toMatch(/The proxy is the problem: Nothing accepts connections/);
  });

  it("suggests a proxy when direct is blocked and none is set", () => {
    const d = diagnose(facts({ routes: [{ label: "direct", result: result("connection_reset") }] }));
    expect(d.verdict.en).toMatch(/Direct access to api.openai.com fails here \(connection_reset\) and no proxy is configured/);
  });

  it("counts an API's 401 as reaching the API, and asks for a key when none is set", () => {
    const d = diagnose(facts({ apiKeySet: false, routes: [{ label: "direct", result: result("auth_invalid") }] }));
    expect(d.bestRoute).toBe("direct");
    expect(d.verdict.en).toMatch(/no API key is set/);
  });

  it("warns about disabled certificate checks and HTTP_PROXY without HTTPS_PROXY", () => {
    const d = diagnose(facts({ tlsVerificationDisabled: true, proxyVariables: ["http_proxy"], routes: [{ label: "direct", result: result("ok") }], keyCheck: { label: "direct", result: result("ok") } }));
    const advice = d.advice.map((a) => a.en).join("\n");
    expect(advice).toMatch(/NODE_TLS_REJECT_UNAUTHORIZED=0/);
    expect(advice).toMatch(/HTTPS_PROXY is not/);
  });

  it("says how a proxy variable without a scheme is read, and to write one", () => {
    const d = diagnose(facts({ proxyVariables: ["HTTPS_PROXY"], schemelessProxyVariables: ["HTTPS_PROXY"], routes: [{ label: "direct", result: result("ok") }], keyCheck: { label: "direct", result: result("ok") } }));
    const advice = d.advice.map((a) => a.en).join("\n");
    expect(advice).toMatch(/HTTPS_PROXY has no scheme: ProxyPulse reads it like curl, as an http:\/\/ proxy/);
    expect(d.advice.map((a) => a.zh).join("\n")).toMatch(/HTTPS_PROXY 没有写协议/);
    expect(diagnose(facts({ proxyVariables: ["HTTPS_PROXY"], routes: [{ label: "direct", result: result("ok") }] })).advice).toEqual([]);
  });
});
