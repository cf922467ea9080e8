import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_STREAM_EVENTS } from "@/lib/probe/read-event-stream";
import type { ProbeKindName, ProviderId } from "@/lib/providers/registry";
import { startHttpProxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { sseEvent } from "@/lib/simulator/sse";
import { probeThrough } from "../helpers/probe-harness";

// Streams no real API sends but a broken or hostile upstream (or a gateway)
// can: each served by a plain HTTP server on loopback, probed through a real
// HTTP CONNECT proxy.

const servers: http.Server[] = [];
const proxies: FakeProxy[] = [];
afterEach(async () => {
  await Promise.all([...servers.splice(0).map((server) => new Promise((resolve) => server.closeAllConnections() ?? server.close(resolve))), ...proxies.splice(0).map((proxy) => proxy.close())]);
});

async function upstream(answer: (response: http.ServerResponse) => void): Promise<string> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => answer(response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function probe(origin: string, provider: ProviderId = "openai", kind: ProbeKindName = "chat-stream", timeoutMs = 5000) {
  const proxy = await startHttpProxy();
  proxies.push(proxy);
  const result = await probeThrough(provider === "openai" ? `${origin}/v1` : origin, { proxy: proxy.url, options: { provider, probe: kind, apiKey: "sk-hostile-test-0123456789", timeoutMs } });
  return { result, tunnels: proxy.tunnels };
}

const chunk = (content: string) => sseEvent({ choices: [{ index: 0, delta: { content } }] });
const finish = sseEvent({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }) + sseEvent("[DONE]");
const sse = { "content-type": "text/event-stream" };

describe("a stream without end or bound", () => {
  it("content events as fast as the upstream can send, never ending: unexpected_response after the bound, long before the deadline, one connection", async () => {
    const origin = await upstream((response) => {
      response.writeHead(200, sse);
      const burst = chunk("a").repeat(2000);
      const pump = () => {
        while (!response.destroyed && response.write(burst));
        if (!response.destroyed) response.once("drain", pump);
      };
      pump();
    });
    const started = performance.now();
    const { result, tunnels } = await probe(origin, "openai", "chat-stream", 60_000);
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response", httpStatus: 200 });
    expect(result.message).toBe(`HTTP 200 with a stream of more than ${MAX_STREAM_EVENTS.toLocaleString("en")} events: not an answer to a probe's short request (an endless or runaway stream)`);
    expect(result.stream!.chunks).toBeGreaterThan(MAX_STREAM_EVENTS - 2001);
    expect(result.stream!.chunks).toBeLessThanOrEqual(MAX_STREAM_EVENTS + 2000);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(tunnels).toBe(1);
  });
});

describe("streams that are fine though unusual", () => {
  it.each([
    ["gzip-compressed (a gateway compressing although none was asked for)", { ...sse, "content-encoding": "gzip" }, gzipSync(chunk("1") + chunk(" 2") + finish)],
    ["without a content type (the SDKs read a streamed request's body as events)", {}, Buffer.from(chunk("1") + chunk(" 2") + finish)],
  ])("%s: ok, its chunks counted", async (_name, headers, body) => {
    const origin = await upstream((response) => {
      response.writeHead(200, headers);
      response.end(body);
    });
    const { result } = await probe(origin);
    expect(result).toMatchObject({ ok: true, kind: "ok", stream: { chunks: 2 } });
  });

  it("a Gemini stream whose prompt the API blocked: ok, saying so, as for generate", async () => {
    const origin = await upstream((response) => {
      response.writeHead(200, sse);
      response.end(`data: ${JSON.stringify({ promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 14, totalTokenCount: 14 } })}\r\n\r\n`);
    });
    const { result } = await probe(origin, "gemini", "generate-stream");
    expect(result).toMatchObject({ ok: true, kind: "ok", message: "HTTP 200 OK, but the API blocked the probe's prompt (SAFETY): the route and key work" });
  });
});

describe("streams that are broken", () => {
  it("an event that is not JSON after some chunks: unexpected_response, with the chunks that came", async () => {
    const origin = await upstream((response) => {
      response.writeHead(200, sse);
      response.end(chunk("1") + chunk(" 2") + "data: <html>Gateway Timeout</html>\n\n");
    });
    const { result, tunnels } = await probe(origin);
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response", message: 'HTTP 200 stream with an event that is not JSON: "<html>Gateway Timeout</html>"', stream: { chunks: 2 } });
    expect(tunnels).toBe(1);
  });

  it("a stream compressed in a way the probe cannot undo: unexpected_response naming it", async () => {
    const origin = await upstream((response) => {
      response.writeHead(200, { ...sse, "content-encoding": "br" });
      response.end(Buffer.from([0x0b, 0x02, 0x80]));
    });
    const { result } = await probe(origin);
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response", message: 'HTTP 200 stream compressed as "br" although the probe asked for none (accept-encoding: identity)' });
  });

  it("usage figures that are not counts (negative, fractional, huge) are not taken", async () => {
    const origin = await upstream((response) => {
      response.writeHead(200, sse);
      response.end(chunk("1") + sseEvent({ choices: [], usage: { prompt_tokens: 2.5, completion_tokens: -1e15, total_tokens: 1e300 } }) + finish);
    });
    const { result } = await probe(origin);
    expect(result).toMatchObject({ ok: true, usage: { promptTokens: null, completionTokens: null, totalTokens: null }, stream: { outputTokens: null, tokensPerSecond: null } });
  });

  it.each(["toString", "__proto__", "constructor", "no_such_error"])("an Anthropic error event of type %j: server_error (an unknown type goes with 500), mid-stream", async (type) => {
    const origin = await upstream((response) => {
      response.writeHead(200, sse);
      response.end(sseEvent({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "1" } }, "content_block_delta") + sseEvent({ type: "error", error: { type, message: "boom" } }, "error"));
    });
    const { result } = await probe(origin, "anthropic", "messages-stream");
    expect(result).toMatchObject({ ok: false, kind: "server_error", midStream: true });
  });
});
