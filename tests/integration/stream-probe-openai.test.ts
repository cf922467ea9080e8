import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startGateway, type FakeGateway } from "@/lib/simulator/simulated-gateway";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { sseEvent } from "@/lib/simulator/sse";
import { testPki } from "../fixtures/certificates";
import { probeThrough, writeCaFile } from "../helpers/probe-harness";

// chat-stream probes, each through a real proxy or gateway on loopback to the
// simulated OpenAI API over TLS, which streams its answer one event every GAP_MS.

const GAP_MS = 15;
let api: FakeOpenAI;
let caFile: string;
let httpProxy: FakeProxy;
let socksProxy: FakeProxy;
let buffering: FakeGateway;
let passing: FakeGateway;

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  api = await startFakeOpenAI({ tls: pki.server, streamGapMs: GAP_MS, apiKeys: ["sk-test-SECRETKEY0123456789"] });
  httpProxy = await startHttpProxy();
  socksProxy = await startSocks5Proxy();
  buffering = await startGateway({ upstream: api.origin, ca: pki.caCert, buffer: true });
  passing = await startGateway({ upstream: api.origin, ca: pki.caCert, buffer: false });
});
afterAll(async () => {
  await Promise.all([api?.close(), httpProxy?.close(), socksProxy?.close(), buffering?.close(), passing?.close()]);
});

const streamProbe = (baseUrl: string, proxy: string | undefined = httpProxy.url, timeoutMs = 5000) =>
  probeThrough(baseUrl, { proxy: proxy ?? "direct", caFile, options: { probe: "chat-stream", timeoutMs } });

describe("openai chat-stream: a stream that works", () => {
  it.each([
    ["HTTP CONNECT", () => httpProxy],
    ["SOCKS5", () => socksProxy],
  ])("through %s: ok, with time to first token, chunk count, gaps, tokens per second and usage", async (_name, proxy) => {
    const tunnels = proxy().tunnels;
    const result = await streamProbe(api.baseUrl("ok"), proxy().url);
    expect(result).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, probe: "chat-stream", midStream: false });
    expect(proxy().tunnels).toBe(tunnels + 1);
    const stream = result.stream!;
    expect(stream.chunks).toBe(20);
    // 20 tokens, GAP_MS apart: 19 gaps between the first and the last.
    expect(stream.streamMs!).toBeGreaterThanOrEqual(19 * GAP_MS * 0.9);
    expect(stream.maxGapMs!).toBeGreaterThanOrEqual(GAP_MS * 0.9);
    // The first token comes one gap after the role chunk, after the request was sent.
    expect(stream.ttftMs!).toBeGreaterThanOrEqual(GAP_MS * 0.9);
    expect(stream.ttftMs!).toBeLessThan(result.timings.totalMs!);
    expect(stream.outputTokens).toBe(20);
    expect(stream.tokensPerSecond).toBeCloseTo(20 / (stream.streamMs! / 1000), 0);
    expect(result.usage).toEqual({ promptTokens: 24, completionTokens: 20, totalTokens: 44 });
  });

  it("asks for a stream with its usage, and a short answer", async () => {
    await streamProbe(api.baseUrl("ok"));
    const body = api.requestBodies.at(-1) as Record<string, unknown>;
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_completion_tokens: 64 });
    expect(JSON.stringify(body.messages)).toContain("Count from 1 to 20");
  });

  it("through a gateway that passes events on as they come: ok (the gateway itself is not what buffers)", async () => {
    const result = await streamProbe(`${passing.origin}/ok/v1`, "direct");
    expect(result).toMatchObject({ ok: true, kind: "ok" });
    expect(result.stream!.streamMs!).toBeGreaterThanOrEqual(19 * GAP_MS * 0.9);
  });
});

describe("openai chat-stream: streams that fail", () => {
  it("through a gateway that buffers the whole answer: stream_buffered, with what arrived when", async () => {
    const before = buffering.forwarded;
    const result = await streamProbe(`${buffering.origin}/ok/v1`, "direct");
    expect(buffering.forwarded).toBe(before + 1);
    expect(result).toMatchObject({ ok: false, kind: "stream_buffered", layer: "proxy", httpStatus: 200, midStream: false });
    expect(result.message).toMatch(/^all 20 chunks of the answer arrived in one burst, \d+ ms after the request/);
    expect(result.stream!.chunks).toBe(20);
    expect(result.stream!.streamMs!).toBeLessThan(1.5);
    // The wait was the whole answer's: the first token came only with the last.
    expect(result.stream!.ttftMs!).toBeGreaterThanOrEqual(20 * GAP_MS * 0.9);
    expect(result.hint.en).toMatch(/proxy_buffering off/);
  });

  it("through a proxy that closes tunnels after 120 ms: stream_interrupted after the chunks that got through", async () => {
    const cutting = await startHttpProxy({ cutTunnelAfterMs: 120 });
    try {
      const result = await streamProbe(api.baseUrl("ok"), cutting.url);
      expect(result).toMatchObject({ ok: false, kind: "stream_interrupted", layer: "network", httpStatus: 200, midStream: false });
      expect(result.stream!.chunks).toBeGreaterThan(0);
      expect(result.stream!.chunks).toBeLessThan(20);
      expect(result.message).toMatch(/^the stream was cut \(after \d+ chunks? over \d+ ms\)/);
    } finally {
      await cutting.close();
    }
  });

  it.each([
    ["stream-cut", /^the stream ended without data: \[DONE\] \(after 10 chunks over \d+ ms\)$/],
    ["stream-reset", /^the stream was cut \(after 10 chunks over \d+ ms\): /],
  ] as const)("%s: stream_interrupted, saying how far it got", async (scenario, message) => {
    const result = await streamProbe(api.baseUrl(scenario));
    expect(result).toMatchObject({ ok: false, kind: "stream_interrupted", httpStatus: 200, midStream: false });
    expect(result.message).toMatch(message);
    expect(result.stream!.chunks).toBe(10);
  });

  it("a stream that goes silent halfway: timeout at the probe's deadline, saying the stream had begun", async () => {
    const result = await streamProbe(api.baseUrl("stream-stall"), undefined, 1500);
    expect(result).toMatchObject({ ok: false, kind: "timeout", httpStatus: 200 });
    expect(result.message).toMatch(/^the stream began but did not finish within 1500 ms \(after 10 chunks over \d+ ms\)$/);
    expect(result.timings.totalMs!).toBeGreaterThanOrEqual(1400);
    expect(result.timings.totalMs!).toBeLessThan(3000);
  });

  it("an error event halfway through a 200 stream: the kind its body says, marked midStream", async () => {
    const result = await streamProbe(api.baseUrl("stream-error"));
    expect(result).toMatchObject({ ok: false, kind: "server_error", httpStatus: 200, midStream: true, apiErrorType: "server_error" });
    expect(result.message).toMatch(/^Mid-stream \(HTTP 200 stream, after 10 chunks over \d+ ms\): The server had an error while processing your request/);
    expect(result.stream!.chunks).toBe(10);
  });

  it.each([
    ["invalid-key", "auth_invalid"],
    ["quota", "quota_exhausted"],
    ["rate-limit", "rate_limited"],
    ["region", "region_blocked"],
  ] as const)("%s before the stream begins: %s, not mid-stream, no stream figures", async (scenario, kind) => {
    const result = await streamProbe(api.baseUrl(scenario));
    expect(result).toMatchObject({ ok: false, kind, midStream: false, stream: null });
  });
});

describe("openai chat-stream: answers that are not a stream", () => {
  const completion = { id: "c", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: "1 2 3" }, finish_reason: "stop" }] };

  it.each([
    ["a whole JSON completion (a server that ignores stream: true)", { body: JSON.stringify(completion) }, /^HTTP 200 with a whole answer \(application\/json\) instead of a stream of events \(text\/event-stream\)/],
    ["an HTML page", { contentType: "text/html", body: "<html><title>Portal</title></html>" }, /^HTTP 200 with an HTML page instead of JSON/],
    ["a stream whose event is not JSON", { contentType: "text/event-stream", body: "data: hello there\n\n" }, /^HTTP 200 stream with an event that is not JSON: "hello there"/],
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
