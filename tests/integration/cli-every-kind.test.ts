import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_IDS, probeKindsOf, providerInfo, type ProviderId } from "@/lib/providers/registry";
import { SIMULATED_ANTHROPIC_KEY, startFakeAnthropic } from "@/lib/simulator/simulated-anthropic";
import { SIMULATED_API_KEY, startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "@/lib/simulator/simulated-api";
import { SIMULATED_AZURE_DEPLOYMENT, SIMULATED_AZURE_KEY, startFakeAzure } from "@/lib/simulator/simulated-azure";
import { SIMULATED_GEMINI_KEY, startFakeGemini } from "@/lib/simulator/simulated-gemini";
import { startHttpProxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { testPki } from "../fixtures/certificates";
import { writeCaFile } from "../helpers/probe-harness";
import { runCli } from "../helpers/run-cli";

// `proxypulse probe` (the real bin) for every provider × kind in the registry,
// through a real HTTP CONNECT proxy to each provider's simulated API.

const APIS: Record<ProviderId, { start(options: Omit<FakeOpenAIOptions, "dialect">): Promise<FakeOpenAI>; key: string; model: string }> = {
  openai: { start: startFakeOpenAI, key: SIMULATED_API_KEY, model: "gpt-4o-mini" },
  anthropic: { start: startFakeAnthropic, key: SIMULATED_ANTHROPIC_KEY, model: "claude-haiku-4-5" },
  gemini: { start: startFakeGemini, key: SIMULATED_GEMINI_KEY, model: "gemini-2.5-flash-lite" },
  "azure-openai": { start: startFakeAzure, key: SIMULATED_AZURE_KEY, model: SIMULATED_AZURE_DEPLOYMENT },
};

const apis = {} as Record<ProviderId, FakeOpenAI>;
let proxy: FakeProxy;
let caFile: string;

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  proxy = await startHttpProxy();
  for (const id of PROVIDER_IDS) apis[id] = await APIS[id].start({ tls: pki.server, streamGapMs: 5 });
});
afterAll(async () => {
  await Promise.all([proxy?.close(), ...Object.values(apis).map((api) => api.close())]);
});

const cases = PROVIDER_IDS.flatMap((provider) => probeKindsOf(provider).map((kind) => ({ provider, kind, streaming: kind.endsWith("-stream") })));

const probe = (provider: ProviderId, kind: string, scenario: "ok" | "stream-error", format: "--json" | "text") =>
  runCli(["probe", "--provider", provider, "--kind", kind, "--base-url", apis[provider].baseUrl(scenario), "--model", APIS[provider].model, "--proxy", proxy.url, "--ca-file", caFile, ...(format === "--json" ? ["--json"] : [])], {
    [providerInfo(provider).defaults.apiKeyEnv]: APIS[provider].key,
  });

describe("proxypulse probe, every provider × kind", () => {
  it.each(cases)("--provider $provider --kind $kind: ok through the proxy, with provider, midStream and stream in --json", async ({ provider, kind, streaming }) => {
    const before = proxy.tunnels;
    const run = await probe(provider, kind, "ok", "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ ok: true, kind: "ok", probe: kind, provider, midStream: false });
    expect(proxy.tunnels).toBe(before + 1);
    if (streaming) {
      expect(Object.keys(json.stream).sort()).toEqual(["chunks", "maxGapMs", "outputTokens", "streamMs", "tokensPerSecond", "ttftMs"]);
      expect(json.stream).toMatchObject({ chunks: 20, outputTokens: 20 });
      expect(json.stream.ttftMs).toBeGreaterThan(0);
    } else {
      expect(json.stream).toBeNull();
    }
    expect(run.stdout).not.toContain(APIS[provider].key);
  });

  it.each(cases.filter((c) => c.streaming))("--provider $provider --kind $kind: an error event mid-stream exits 1 with midStream true", async ({ provider, kind }) => {
    const run = await probe(provider, kind, "stream-error", "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, kind: "server_error", midStream: true, httpStatus: 200, provider, stream: { chunks: 10 } });
  });

  it("the text report shows what a stream measured", async () => {
    const run = await probe("anthropic", "messages-stream", "ok", "text");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}stream {3}ttft \d+\.\d ms · 20 chunks over \d+\.\d ms · longest gap \d+\.\d ms · [\d.]+ tokens\/s$/m);
    expect(run.stdout).toMatch(/\(messages-stream, claude-haiku-4-5\)/);
  });
});

describe("proxypulse doctor without --provider", () => {
  it("checks every provider whose key is set (Gemini's from GOOGLE_API_KEY too), each with its routes and key, and exits 0 when all are well", async () => {
    const run = await runCli(["doctor", "--proxy", proxy.url, "--ca-file", caFile], {
      ANTHROPIC_API_KEY: SIMULATED_ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: apis.anthropic.baseUrl("ok"),
      GOOGLE_API_KEY: SIMULATED_GEMINI_KEY,
      GOOGLE_GEMINI_BASE_URL: apis.gemini.baseUrl("ok"),
      // Azure's key without its endpoint: not checked (there is no default endpoint).
      AZURE_OPENAI_API_KEY: SIMULATED_AZURE_KEY,
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`ProxyPulse doctor (Anthropic): ${apis.anthropic.baseUrl("ok")}`);
    expect(run.stdout).toContain(`ProxyPulse doctor (Gemini): ${apis.gemini.baseUrl("ok")}`);
    expect(run.stdout).not.toMatch(/OpenAI-compatible|Azure OpenAI/);
    expect(run.stdout).toMatch(/GOOGLE_API_KEY\s+AIz…/);
    expect(run.stdout).toMatch(/Key and quota \(messages, 1 token, claude-haiku-4-5\)/);
    expect(run.stdout).toMatch(/Key and quota \(generate, 1 token, gemini-2\.5-flash-lite\)/);
    expect(run.stdout.match(/All good/g)).toHaveLength(2);
    expect(run.code).toBe(0);
    for (const key of [SIMULATED_ANTHROPIC_KEY, SIMULATED_GEMINI_KEY, SIMULATED_AZURE_KEY]) expect(run.stdout).not.toContain(key);
  });

  it("exits 1 when one of them is not well, and says which", async () => {
    const run = await runCli(["doctor", "--no-chat", "--ca-file", caFile], {
      ANTHROPIC_API_KEY: "sk-ant-api03-wrong",
      ANTHROPIC_BASE_URL: apis.anthropic.baseUrl("ok"),
      OPENAI_API_KEY: SIMULATED_API_KEY,
      OPENAI_BASE_URL: apis.openai.baseUrl("ok"),
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("ProxyPulse doctor (OpenAI-compatible)");
    expect(run.stdout).toContain("the API rejects the key: check ANTHROPIC_API_KEY");
  });
});
