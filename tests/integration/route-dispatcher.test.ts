import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseProxySpec } from "@/lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "@/lib/routes/route-dispatcher";
import { runProbe } from "@/lib/probe/run-probe";
import { testPki } from "../fixtures/certificates";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startFixturesProcess } from "../fixtures/fixtures-process";
import { startBlackhole, startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { TEST_API_KEY, writeCaFile } from "../helpers/probe-harness";

let api: FakeOpenAI;
let http: FakeProxy;
let socks: FakeProxy;
let blackhole: FakeProxy;
let caFile: string;
/** A plain-HTTP upstream that reads every request and never answers. */
let silent: { origin: string; close: () => Promise<void>; closeAllConnections?: () => void };

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  api = await startFakeOpenAI({ tls: pki.server, apiKeys: [TEST_API_KEY] });
  http = await startHttpProxy();
  socks = await startSocks5Proxy();
  blackhole = await startBlackhole();
  const server = createServer((request) => request.resume());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  silent = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    closeAllConnections: () => server.closeAllConnections(),
  };
});

afterAll(async () => {
  silent?.closeAllConnections?.();
  await Promise.all([api, http, socks, blackhole, silent].map((server) => server?.close()));
});

/** Client-side sockets of this process: what a leaking probe would leave behind. */
function openClientSockets(): number {
  return process.getActiveResourcesInfo().filter((type) => type === "TCPSocketWrap" || type === "TLSWrap").length;
}

describe("a route's dispatcher", () => {
  it("opens a fresh connection for every probe, each timed from scratch", async () => {
    const route = new RouteDispatcher(parseProxySpec(http.url), { caFile });
    const before = http.tunnels;
    const options = { baseUrl: api.baseUrl("ok"), apiKey: TEST_API_KEY, model: "m", probe: "models" as const };
    const results = [await runProbe(route, options), await runProbe(route, options), await runProbe(route, options)];
    await route.close();
    expect(http.tunnels).toBe(before + 3);
    for (const result of results) {
      expect(result.kind).toBe("ok");
      expect(result.timings.connectMs).not.toBeNull();
      expect(result.timings.tlsMs).not.toBeNull();
    }
  });

  it("sends each probe through its own route when routes share a target's SDK client", async () => {
    const viaHttp = new RouteDispatcher(parseProxySpec(http.url), { caFile });
    const viaSocks = new RouteDispatcher(parseProxySpec(socks.url), { caFile });
    const direct = new RouteDispatcher(parseProxySpec("direct"), { caFile });
    const options = { baseUrl: api.baseUrl("ok"), apiKey: TEST_API_KEY, model: "m", probe: "chat" as const };
    const before = { http: http.tunnels, socks: socks.tunnels };
    const results = await Promise.all([viaHttp, viaSocks, direct, viaHttp, direct, viaSocks, viaHttp].map((route) => runProbe(route, options)));
    await Promise.all([viaHttp, viaSocks, direct].map((route) => route.close()));
    expect(results.map((result) => result.kind)).toEqual(Array(7).fill("ok"));
    expect(results.map((result) => result.route)).toEqual([http.url, socks.url, "direct", http.url, "direct", socks.url, http.url]);
    expect(http.tunnels - before.http).toBe(3);
    expect(socks.tunnels - before.socks).toBe(2);
    for (const result of [results[0]!, results[1]!]) expect(result.timings.tunnelMs).not.toBeNull();
    expect(results[2]!.timings.tunnelMs).toBeNull();
  });

  it("runs concurrent probes on one route one after the other", async () => {
    const route = new RouteDispatcher(parseProxySpec("direct"), { caFile });
    const options = { baseUrl: api.baseUrl("slow"), apiKey: TEST_API_KEY, model: "m", probe: "chat" as const };
    const results = await Promise.all([runProbe(route, options), runProbe(route, options)]);
    await route.close();
    const [first, second] = results.map((result) => new Date(result.startedAt).getTime());
    expect(results.every((result) => result.kind === "ok")).toBe(true);
    // The fake answers after 200 ms: the second exchange starts once the first is over.
    expect(Math.abs(first! - second!)).toBeGreaterThanOrEqual(190);
  });

  // A probe whose upstream hangs ends by its deadline. Its socket's "close"
  // event may come after the next probe on the route has sent its request;
  // undici then took that as the loss of the next probe's connection and
  // connected again under it: "no TCP connection" for a request that was sent.
  it.each([
    { name: "direct, https", proxy: () => "direct", baseUrl: () => api.baseUrl("hang") },
    { name: "direct, http", proxy: () => "direct", baseUrl: () => `${silent.origin}/v1` },
    { name: "HTTP CONNECT, http", proxy: () => http.url, baseUrl: () => `${silent.origin}/v1` },
    { name: "SOCKS5, http", proxy: () => socks.url, baseUrl: () => `${silent.origin}/v1` },
  ])("says where the deadline caught each probe after an earlier one timed out ($name)", async ({ proxy, baseUrl }) => {
    const route = new RouteDispatcher(parseProxySpec(proxy()), { caFile });
    const options = { baseUrl: baseUrl(), apiKey: TEST_API_KEY, model: "m", probe: "models" as const, timeoutMs: 500 };
    try {
      const kinds = [];
      for (let i = 0; i < 3; i++) kinds.push((await runProbe(route, options)).kind);
      expect(kinds).toEqual(["timeout", "timeout", "timeout"]);
    } finally {
      await route.close();
    }
  });

  it("leaves no socket behind, after successes and failures alike", async () => {
    // The servers live in another process: every socket here is the client's.
    const remote = await startFixturesProcess();
    try {
      const baseline = openClientSockets();
      let probes = 0;
      for (const spec of ["direct", remote.http, remote.socks.replace("socks5:", "socks5h:"), remote.blackhole]) {
        const route = new RouteDispatcher(parseProxySpec(spec), { caFile: remote.caFile });
        for (const scenario of ["ok", "quota", "reset", "stall-body"]) {
          await runProbe(route, { baseUrl: `${remote.apiOrigin}/${scenario}/v1`, apiKey: remote.apiKey, model: "m", timeoutMs: 300 });
          probes += 1;
        }
        await route.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(probes).toBe(16);
      expect(openClientSockets()).toBe(baseline);
    } finally {
      await remote.stop();
    }
  });

  it("refuses to run after it was closed, and closing twice is harmless", async () => {
    const route = new RouteDispatcher(parseProxySpec("direct"));
    await route.close();
    await route.close();
    const result = await runProbe(route, { baseUrl: api.baseUrl("ok"), apiKey: TEST_API_KEY, model: "m" });
    expect(result.kind).toBe("unknown");
    expect(result.message).toMatch(/closed/);
  });
});
