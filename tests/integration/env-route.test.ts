import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { testPki } from "../fixtures/certificates";
import { probeThrough, TEST_API_KEY, writeCaFile } from "../helpers/probe-harness";

// The `env` route, end to end: proxy variables as people write them, read
// like curl reads them, and the probe really going (or not) through the proxy.

let caFile: string;
let api: FakeOpenAI;
let httpProxy: FakeProxy;
let socksProxy: FakeProxy;

const PROXY_NAMES = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  api = await startFakeOpenAI({ tls: pki.server, apiKeys: [TEST_API_KEY] });
  httpProxy = await startHttpProxy();
  socksProxy = await startSocks5Proxy();
});
afterAll(async () => {
  await Promise.all([api?.close(), httpProxy?.close(), socksProxy?.close()]);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Sets exactly these proxy variables (the others unset) for the next probe. */
function proxyEnv(variables: Record<string, string>) {
  for (const name of PROXY_NAMES) vi.stubEnv(name, variables[name] ?? "");
}

const probeEnv = () => probeThrough(api.baseUrl("ok"), { proxy: "env", caFile });

describe("env route", () => {
  it("HTTPS_PROXY=127.0.0.1:PORT (no scheme) goes through the HTTP proxy, as curl does", async () => {
    proxyEnv({ HTTPS_PROXY: `127.0.0.1:${httpProxy.port}` });
    const before = httpProxy.tunnels;
    const result = await probeEnv();
    expect(result).toMatchObject({ ok: true, kind: "ok", route: `env → http://127.0.0.1:${httpProxy.port}` });
    expect(httpProxy.tunnels).toBe(before + 1);
  });

  it("lowercase https_proxy wins over HTTPS_PROXY", async () => {
    proxyEnv({ https_proxy: `http://127.0.0.1:${httpProxy.port}`, HTTPS_PROXY: `socks5://127.0.0.1:${socksProxy.port}` });
    const result = await probeEnv();
    expect(result.route).toBe(`env → http://127.0.0.1:${httpProxy.port}`);
    expect(result.kind).toBe("ok");
  });

  it("ALL_PROXY with socks5h:// is the fallback for https", async () => {
    proxyEnv({ ALL_PROXY: `socks5h://127.0.0.1:${socksProxy.port}`, HTTP_PROXY: "http://127.0.0.1:9" });
    const before = socksProxy.tunnels;
    const result = await probeEnv();
    expect(result).toMatchObject({ kind: "ok", route: `env → socks5h://127.0.0.1:${socksProxy.port}` });
    expect(socksProxy.tunnels).toBe(before + 1);
  });

  it("NO_PROXY exempts the API host (an IP in a CIDR range): direct, the proxy untouched", async () => {
    proxyEnv({ HTTPS_PROXY: `127.0.0.1:${httpProxy.port}`, NO_PROXY: "localhost, 127.0.0.0/8" });
    const before = httpProxy.tunnels;
    const result = await probeEnv();
    expect(result).toMatchObject({ kind: "ok", route: "env → direct" });
    expect(httpProxy.tunnels).toBe(before);
  });

  it("only HTTP_PROXY set: an https API is reached directly", async () => {
    proxyEnv({ HTTP_PROXY: `http://127.0.0.1:${httpProxy.port}` });
    const result = await probeEnv();
    expect(result).toMatchObject({ kind: "ok", route: "env → direct" });
  });

  it("an https:// variable pointing at a plain-HTTP proxy blames the proxy's scheme, not the network", async () => {
    proxyEnv({ HTTPS_PROXY: `https://127.0.0.1:${httpProxy.port}` });
    const result = await probeEnv();
    expect(result).toMatchObject({ ok: false, kind: "proxy_protocol_error", layer: "proxy" });
    expect(result.hint.en).toMatch(/scheme and port/);
  });

  it("a socks4:// variable is a clear error, not a crash, and keeps the password out", async () => {
    proxyEnv({ HTTPS_PROXY: "socks4://alice:pr0xy-S3CRET@127.0.0.1:1080" });
    const result = await probeEnv();
    expect(result).toMatchObject({ ok: false, kind: "proxy_protocol_error", layer: "proxy", route: "env" });
    expect(result.message).toMatch(/^HTTPS_PROXY=".*" cannot be used: SOCKS4 proxies are not supported/);
    expect(JSON.stringify(result)).not.toContain("pr0xy-S3CRET");
  });
});
