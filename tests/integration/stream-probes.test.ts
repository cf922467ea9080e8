import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderId } from "@/lib/providers/registry";
import { SIMULATED_ANTHROPIC_KEY, startFakeAnthropic } from "@/lib/simulator/simulated-anthropic";
import { SIMULATED_API_KEY, startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions, type Scenario } from "@/lib/simulator/simulated-api";
import { SIMULATED_AZURE_DEPLOYMENT, SIMULATED_AZURE_KEY, startFakeAzure } from "@/lib/simulator/simulated-azure";
import { SIMULATED_GEMINI_KEY, startFakeGemini } from "@/lib/simulator/simulated-gemini";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { sseEvent } from "@/lib/simulator/sse";
import type { ProbeKindName } from "@/lib/providers/registry";
import { testPki } from "../fixtures/certificates";
import { startFixtureScript } from "../fixtures/fixtures-process";
import type { StreamGateways } from "../fixtures/serve-stream-gateways";
import { probeThrough, writeCaFile } from "../helpers/probe-harness";

// Every provider's streaming kind, each probe through a real proxy or gateway
// on loopback to that provider's simulated API over TLS, which streams its
// answer ("1", " 2", … " 20", one token an event) one event every GAP_MS.

const GAP_MS = 15;

interface StreamingCase {
  provider: ProviderId;
  kind: ProbeKindName;
  start(options: Omit<FakeOpenAIOptions, "dialect">): Promise<FakeOpenAI>;
  apiKey: string;
  model: string;
  /** What the stream ends with, as the interrupted message names it. */
  endEvent: string;
  /** The error event the simulated API sends halfway: its kind, type and words. */
  midStream: { kind: string; apiErrorType: string; message: RegExp };
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
  /** The request asked for a stream of a short answer, in the provider's words. */
  askedForStream(body: Record<string, unknown>, url: string): void;
}

const openAIRequest = (body: Record<string, unknown>) => {
  expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_completion_tokens: 64 });
  expect(JSON.stringify(body.messages)).toContain("Count from 1 to 20");
};

const CASES: StreamingCase[] = [
  {
    provider: "openai",
    kind: "chat-stream",
    start: startFakeOpenAI,
    apiKey: SIMULATED_API_KEY,
    model: "gpt-4o-mini",
    endEvent: "data: [DONE]",
    midStream: { kind: "server_error", apiErrorType: "server_error", message: /The server had an error while processing your request/ },
    usage: { promptTokens: 24, completionTokens: 20, totalTokens: 44 },
    askedForStream: (body, url) => {
      openAIRequest(body);
      expect(url).toMatch(/\/v1\/chat\/completions$/);
    },
  },
  {
    provider: "openai",
    kind: "responses-stream",
    start: startFakeOpenAI,
    apiKey: SIMULATED_API_KEY,
    model: "gpt-4o-mini",
    endEvent: "event: response.completed",
    midStream: { kind: "server_error", apiErrorType: "server_error", message: /The server had an error while processing your request/ },
    usage: { promptTokens: 24, completionTokens: 20, totalTokens: 44 },
    askedForStream: (body, url) => {
      expect(body).toMatchObject({ stream: true, max_output_tokens: 64 });
      expect(String(body.input)).toContain("Count from 1 to 20");
      expect(url).toMatch(/\/v1\/responses$/);
    },
  },
  {
    provider: "azure-openai",
    kind: "chat-stream",
    start: startFakeAzure,
    apiKey: SIMULATED_AZURE_KEY,
    model: SIMULATED_AZURE_DEPLOYMENT,
    endEvent: "data: [DONE]",
    midStream: { kind: "server_error", apiErrorType: "server_error", message: /The server had an error while processing your request/ },
    usage: { promptTokens: 24, completionTokens: 20, totalTokens: 44 },
    askedForStream: (body, url) => {
      openAIRequest(body);
      expect(url).toMatch(/\/openai\/deployments\/gpt-4o-mini\/chat\/completions\?api-version=/);
    },
  },
  {
    provider: "anthropic",
    kind: "messages-stream",
    start: startFakeAnthropic,
    apiKey: SIMULATED_ANTHROPIC_KEY,
    model: "claude-haiku-4-5",
    endEvent: "event: message_stop",
    midStream: { kind: "server_error", apiErrorType: "overloaded_error", message: /Anthropic's API is overloaded \(HTTP 529 overloaded_error\): Overloaded/ },
    usage: { promptTokens: 24, completionTokens: 20, totalTokens: 44 },
    askedForStream: (body, url) => {
      expect(body).toMatchObject({ stream: true, max_tokens: 64 });
      expect(JSON.stringify(body.messages)).toContain("Count from 1 to 20");
      expect(url).toMatch(/\/v1\/messages$/);
    },
  },
  {
    provider: "gemini",
    kind: "generate-stream",
    start: startFakeGemini,
    apiKey: SIMULATED_GEMINI_KEY,
    model: "gemini-2.5-flash-lite",
    endEvent: "a finishReason",
    midStream: { kind: "server_error", apiErrorType: "UNAVAILABLE", message: /The Gemini API is overloaded \(HTTP 503 UNAVAILABLE\)/ },
    usage: { promptTokens: 14, completionTokens: 20, totalTokens: 34 },
    askedForStream: (body, url) => {
      expect(body).toMatchObject({ generationConfig: { maxOutputTokens: 64 } });
      expect(JSON.stringify(body.contents)).toContain("Count from 1 to 20");
      expect(url).toMatch(/\/v1beta\/models\/gemini-2\.5-flash-lite:streamGenerateContent\?alt=sse$/);
    },
  },
];

let caFile: string;
let httpProxy: FakeProxy;
let socksProxy: FakeProxy;
// Gateways in front of each provider's API, in a process of their own (see serve-stream-gateways.ts).
let gateways: StreamGateways & { stop(): Promise<void> };

beforeAll(async () => {
  caFile = await writeCaFile();
  httpProxy = await startHttpProxy();
  socksProxy = await startSocks5Proxy();
  gateways = await startFixtureScript<StreamGateways>("./serve-stream-gateways.ts", [String(GAP_MS)]);
});
afterAll(async () => {
  await Promise.all([httpProxy?.close(), socksProxy?.close(), gateways?.stop()]);
});

describe.each(CASES)("$provider $kind", (testCase) => {
  let api: FakeOpenAI;
  beforeAll(async () => {
    const pki = await testPki();
    api = await testCase.start({ tls: pki.server, streamGapMs: GAP_MS });
  });
  afterAll(async () => {
    await api?.close();
  });

  const streamProbe = (baseUrl: string, proxy: string | undefined = httpProxy.url, timeoutMs = 5000) =>
    probeThrough(baseUrl, { proxy: proxy ?? "direct", caFile, options: { provider: testCase.provider, probe: testCase.kind, apiKey: testCase.apiKey, model: testCase.model, timeoutMs } });

  it.each([
    ["HTTP CONNECT", () => httpProxy],
    ["SOCKS5", () => socksProxy],
  ])("through %s: ok, with time to first token, chunk count, gaps, tokens per second and usage", async (_name, proxy) => {
    const tunnels = proxy().tunnels;
    const result = await streamProbe(api.baseUrl("ok"), proxy().url);
    expect(result).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, probe: testCase.kind, midStream: false });
    expect(proxy().tunnels).toBe(tunnels + 1);
    const stream = result.stream!;
    expect(stream.chunks).toBe(20);
    // 20 tokens, GAP_MS apart: 19 gaps between the first and the last.
    expect(stream.streamMs!).toBeGreaterThanOrEqual(19 * GAP_MS * 0.9);
    expect(stream.maxGapMs!).toBeGreaterThanOrEqual(GAP_MS * 0.9);
    expect(stream.ttftMs!).toBeGreaterThan(0);
    expect(stream.ttftMs!).toBeLessThan(result.timings.totalMs!);
    expect(stream.outputTokens).toBe(20);
    expect(stream.tokensPerSecond).toBeCloseTo(20 / (stream.streamMs! / 1000), 0);
    expect(result.usage).toEqual(testCase.usage);
  });

  it("asks for a stream of a short, counted answer", async () => {
    await streamProbe(api.baseUrl("ok"));
    testCase.askedForStream(api.requestBodies.at(-1) as Record<string, unknown>, api.requestUrls.at(-1)!);
  });

  it("through a gateway that passes events on as they come: ok (the gateway itself is not what buffers)", async () => {
    const result = await streamProbe(gateways[testCase.provider]!.passing, "direct");
    expect(result).toMatchObject({ ok: true, kind: "ok" });
    expect(result.stream!.streamMs!).toBeGreaterThanOrEqual(19 * GAP_MS * 0.9);
  });

  it.each(["buffering", "relaying"] as const)("through a %s gateway (the whole answer held, then sent at once or event by event): stream_buffered, with what arrived when", async (gateway) => {
    const result = await streamProbe(gateways[testCase.provider]![gateway], "direct");
    expect(result).toMatchObject({ ok: false, kind: "stream_buffered", layer: "proxy", httpStatus: 200, midStream: false });
    expect(result.message).toMatch(/^all 20 chunks of the answer arrived in one burst, \d+ ms after the request/);
    expect(result.stream!.chunks).toBe(20);
    expect(result.stream!.streamMs!).toBeLessThan(1.5);
    // The wait was the whole answer's: the first token came only with the last.
    expect(result.stream!.ttftMs!).toBeGreaterThanOrEqual(19 * GAP_MS * 0.9);
    expect(result.hint.en).toMatch(/proxy_buffering off/);
  });

  it("through a proxy that closes tunnels after 150 ms: stream_interrupted after the chunks that got through", async () => {
    const cutting = await startHttpProxy({ cutTunnelAfterMs: 150 });
    try {
      const result = await streamProbe(api.baseUrl("ok"), cutting.url);
      expect(result).toMatchObject({ ok: false, kind: "stream_interrupted", layer: "network", httpStatus: 200, midStream: false });
      expect(result.stream!.chunks).toBeGreaterThan(0);
      expect(result.stream!.chunks).toBeLessThan(20);
      expect(result.message).toMatch(/^the stream (was cut|ended without .+) \(after \d+ chunks? over \d+ ms\)/);
    } finally {
      await cutting.close();
    }
  });

  it("a stream the server ends halfway: stream_interrupted, naming the end that never came", async () => {
    const result = await streamProbe(api.baseUrl("stream-cut"));
    expect(result).toMatchObject({ ok: false, kind: "stream_interrupted", httpStatus: 200, midStream: false });
    expect(result.message).toBe(`the stream ended without ${testCase.endEvent} (after 10 chunks over ${Math.round(result.stream!.streamMs!)} ms)`);
    expect(result.stream!.chunks).toBe(10);
  });

  it("a stream reset halfway: stream_interrupted, saying it was cut", async () => {
    const result = await streamProbe(api.baseUrl("stream-reset"));
    expect(result).toMatchObject({ ok: false, kind: "stream_interrupted", httpStatus: 200, midStream: false });
    expect(result.message).toMatch(/^the stream was cut \(after 10 chunks over \d+ ms\): /);
  });

  it("a stream that goes silent halfway: timeout at the probe's deadline, saying the stream had begun", async () => {
    const result = await streamProbe(api.baseUrl("stream-stall"), undefined, 1500);
    expect(result).toMatchObject({ ok: false, kind: "timeout", httpStatus: 200 });
    expect(result.message).toMatch(/^the stream began but did not finish within 1500 ms \(after 10 chunks over \d+ ms\)$/);
    expect(result.timings.totalMs!).toBeGreaterThanOrEqual(1400);
    expect(result.timings.totalMs!).toBeLessThan(3000);
  });

  it("the API's error event halfway through a 200 stream: the kind its body says, marked midStream", async () => {
    const result = await streamProbe(api.baseUrl("stream-error"));
    expect(result).toMatchObject({ ok: false, kind: testCase.midStream.kind, httpStatus: 200, midStream: true, apiErrorType: testCase.midStream.apiErrorType });
    expect(result.message).toMatch(/^Mid-stream \(HTTP 200 stream, after 10 chunks over \d+ ms\): /);
    expect(result.message).toMatch(testCase.midStream.message);
    expect(result.stream!.chunks).toBe(10);
  });

  it("opens one tunnel per probe, none after the answer's last event or an error event (nothing reconnects once the probe is over)", async () => {
    const proxy = await startHttpProxy();
    try {
      for (const scenario of ["ok", "stream-error"] as const) {
        const before = proxy.destinations.length;
        await streamProbe(api.baseUrl(scenario), proxy.url);
        // A reconnect would come right after the probe's socket closed: give it time to show.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(proxy.destinations.length).toBe(before + 1);
      }
    } finally {
      await proxy.close();
    }
  });

  it.each([
    ["invalid-key", "auth_invalid"],
    ["rate-limit", "rate_limited"],
  ] as const)("%s before the stream begins: %s, not mid-stream, no stream figures", async (scenario, kind) => {
    const result = await streamProbe(api.baseUrl(scenario));
    expect(result).toMatchObject({ ok: false, kind, midStream: false, stream: null });
  });
});

describe("openai chat-stream: answers that are not a stream", () => {
  let api: FakeOpenAI;
  beforeAll(async () => {
    api = await startFakeOpenAI({ tls: (await testPki()).server });
  });
  afterAll(() => api?.close());
  const streamProbe = (baseUrl: string) => probeThrough(baseUrl, { proxy: httpProxy.url, caFile, options: { probe: "chat-stream", apiKey: SIMULATED_API_KEY } });

  const completion = { id: "c", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "1 2 3" }, finish_reason: "stop" }] };

  it.each([
    ["a whole JSON completion (a server that ignores stream: true)", { body: JSON.stringify(completion) }, /^HTTP 200 with a whole answer \(application\/json\) instead of a stream of events \(text\/event-stream\)/],
    ["an HTML page", { contentType: "text/html", body: "<html><title>Portal</title></html>" }, /^HTTP 200 with an HTML page instead of JSON/],
    ["a 200 carrying an error object", { body: JSON.stringify({ error: { message: "Upstream provider error", type: "server_error", code: "upstream_error" } }) }, /^Upstream provider error$/],
  ])("%s: unexpected_response saying what came", async (_name, answer, message) => {
    const result = await streamProbe(api.cannedBaseUrl(answer));
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response", httpStatus: 200, stream: null });
    expect(result.message).toMatch(message);
  });

  it("a stream that ends cleanly with no content but its end: ok, saying no output came", async () => {
    const body = [sseEvent({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }), sseEvent({ choices: [{ index: 0, delta: {}, finish_reason: "length" }] }), sseEvent("[DONE]")].join("");
    const result = await streamProbe(api.cannedBaseUrl({ contentType: "text/event-stream", body }));
    expect(result).toMatchObject({ ok: true, kind: "ok", stream: { chunks: 0, ttftMs: null, streamMs: null } });
    expect(result.message).toMatch(/the stream carried no output/);
  });
});
