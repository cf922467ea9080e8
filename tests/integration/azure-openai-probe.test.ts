import { afterEach, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { DEFAULT_AZURE_API_VERSION } from "@/lib/providers/azure-openai/azure-target";
import type { Scenario } from "@/lib/simulator/simulated-api";
import { AZURE_MESSAGES, SIMULATED_AZURE_DEPLOYMENT, SIMULATED_AZURE_KEY, startFakeAzure } from "@/lib/simulator/simulated-azure";
import { startHttpProxy } from "@/lib/simulator/simulated-proxies";
import type { ProbeThrough } from "../helpers/probe-harness";
import { useProviderTestbed } from "../helpers/provider-testbed";

// Every Azure OpenAI probe here goes through a real proxy over loopback to a
// simulated Azure resource (TLS, answering with Azure's real bodies).

const bed = useProviderTestbed(startFakeAzure, { provider: "azure-openai", probe: "chat", model: SIMULATED_AZURE_DEPLOYMENT, apiKey: SIMULATED_AZURE_KEY });
const azureProbe = (baseUrl: string, options: ProbeThrough["options"] = {}, proxy?: string) => bed.probe(baseUrl, options, proxy);

describe("azure-openai: successful probes", () => {
  it.each([
    ["HTTP CONNECT", () => bed.httpProxy],
    ["SOCKS5", () => bed.socksProxy],
  ])("chat through %s: to the deployment, with the api-key header and the default api-version", async (_name, proxy) => {
    const result = await azureProbe(bed.api.baseUrl("ok"), {}, proxy().url);
    expect(result).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, probe: "chat", requestId: expect.stringMatching(/^apim-req_/) });
    expect(result.usage).toEqual({ promptTokens: 11, completionTokens: 1, totalTokens: 12 });
    expect(result.quota).toMatchObject({ limitRequests: 8, remainingRequests: 7, limitTokens: 8000, remainingTokens: 1014 });
    expect(bed.api.requestUrls.at(-1)).toBe(`/ok/openai/deployments/${SIMULATED_AZURE_DEPLOYMENT}/chat/completions?api-version=${DEFAULT_AZURE_API_VERSION}`);
    const headers = bed.api.requestHeaders.at(-1)!;
    expect(headers["api-key"]).toBe(SIMULATED_AZURE_KEY);
    expect(headers.authorization).toBeUndefined();
  });

  it("models: the resource's model list (free)", async () => {
    const result = await azureProbe(bed.api.baseUrl("ok"), { probe: "models" });
    expect(result).toMatchObject({ ok: true, kind: "ok", probe: "models" });
    expect(bed.api.requestUrls.at(-1)).toBe(`/ok/openai/models?api-version=${DEFAULT_AZURE_API_VERSION}`);
  });

  it("takes a deployment's whole URL as the portal shows it: its deployment and api-version win", async () => {
    const portalUrl = `${bed.api.baseUrl("ok")}/openai/deployments/${SIMULATED_AZURE_DEPLOYMENT}/chat/completions?api-version=2025-01-01-preview`;
    const result = await azureProbe(portalUrl, { model: "ignored-when-the-url-names-one" });
    expect(result).toMatchObject({ ok: true, kind: "ok" });
    expect(bed.api.requestUrls.at(-1)).toBe(`/ok/openai/deployments/${SIMULATED_AZURE_DEPLOYMENT}/chat/completions?api-version=2025-01-01-preview`);
  });

  describe("with the SDK's own variables set in the environment", () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const name of ["OPENAI_BASE_URL", "OPENAI_API_VERSION", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY"]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    it("uses none of them: only the target's endpoint, version and key", async () => {
      const proxy = await startHttpProxy();
      try {
        process.env.OPENAI_BASE_URL = "http://127.0.0.1:9/v1";
        process.env.OPENAI_API_VERSION = "1999-01-01";
        process.env.AZURE_OPENAI_ENDPOINT = "http://127.0.0.1:9";
        process.env.AZURE_OPENAI_API_KEY = "env-key-must-not-be-sent";
        const result = await azureProbe(bed.api.baseUrl("ok"), {}, proxy.url);
        expect(result).toMatchObject({ ok: true, kind: "ok" });
        expect(bed.api.requestUrls.at(-1)).toContain(`api-version=${DEFAULT_AZURE_API_VERSION}`);
        expect(bed.api.requestHeaders.at(-1)!["api-key"]).toBe(SIMULATED_AZURE_KEY);
        expect(proxy.destinations).toEqual([new URL(bed.api.origin).host]);
      } finally {
        await proxy.close();
      }
    });
  });

  it.each([
    ["a path", "../../models"],
    ["a query", "x?api-version=1"],
    ["a space", "my model"],
  ])("a deployment name with %s stays one path segment (refused as not found, never another path)", async (_name, model) => {
    const result = await azureProbe(bed.api.baseUrl("ok"), { model });
    expect(result).toMatchObject({ ok: false, kind: "model_not_found", apiErrorCode: "DeploymentNotFound" });
    expect(bed.api.requestUrls.at(-1)).toBe(`/ok/openai/deployments/${encodeURIComponent(model)}/chat/completions?api-version=${DEFAULT_AZURE_API_VERSION}`);
  });
});

describe("azure-openai: every API error is one of our kinds", () => {
  const CASES: Array<[Scenario, OutcomeKind, { status: number; code: string | null; message: RegExp }]> = [
    ["no-model", "model_not_found", { status: 404, code: "DeploymentNotFound", message: /^The API deployment for this resource does not exist/ }],
    ["invalid-key", "auth_invalid", { status: 401, code: "Unauthorized", message: /^Access denied due to invalid subscription key/ }],
    ["forbidden", "forbidden", { status: 403, code: "403", message: /Virtual Network\/Firewall rules/ }],
    ["rate-limit", "rate_limited", { status: 429, code: "429", message: /^Rate limit is exceeded/ }],
    ["quota", "quota_exhausted", { status: 429, code: "429", message: /retry after 86400 seconds/ }],
    ["content-filter", "bad_request", { status: 400, code: "content_filter", message: /content management policy/ }],
    ["server-error", "server_error", { status: 500, code: "InternalServerError", message: /had an error while processing/ }],
  ];

  it.each(CASES)("%s → %s, in one request (no SDK retry)", async (scenario, kind, expected) => {
    const before = bed.api.hits(scenario);
    const result = await azureProbe(bed.api.baseUrl(scenario));
    expect(result).toMatchObject({ ok: false, kind, httpStatus: expected.status, apiErrorCode: expected.code });
    expect(result.message).toMatch(expected.message);
    expect(bed.api.hits(scenario)).toBe(before + 1);
  });

  it("reads retry-after-ms before retry-after, and the exhausted limit, from a 429", async () => {
    const result = await azureProbe(bed.api.baseUrl("rate-limit"));
    expect(result.quota).toMatchObject({ retryAfterMs: 1500, remainingRequests: 0 });
  });

  it("a wrong key is auth_invalid and never echoed back", async () => {
    const result = await azureProbe(bed.api.baseUrl("ok"), { apiKey: "fedcba9876543210WRONGsecretvalue" });
    expect(result).toMatchObject({ kind: "auth_invalid", httpStatus: 401, message: AZURE_MESSAGES.invalidKey });
    expect(JSON.stringify(result)).not.toContain("WRONGsecretvalue");
  });
});
