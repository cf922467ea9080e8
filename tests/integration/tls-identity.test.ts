import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPki } from "../fixtures/certificates";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { probeThrough, TEST_API_KEY, writeCaFile } from "../helpers/probe-harness";
import type { HostResolver } from "@/lib/routes/open-connection";

// A certificate is checked against the host the route was given: a target or
// an https:// proxy written as an address must present a certificate for that
// address, one written as a name a certificate for that name. (Over a socket
// opened to an address, Node had checked every such certificate against
// "localhost".)

let caFile: string;
let localhostOnlyApi: FakeOpenAI;
let addressOnlyApi: FakeOpenAI;
const proxies: Record<string, FakeProxy> = {};

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  localhostOnlyApi = await startFakeOpenAI({ tls: pki.localhostOnly, apiKeys: [TEST_API_KEY] });
  addressOnlyApi = await startFakeOpenAI({ tls: pki.addressOnly, apiKeys: [TEST_API_KEY] });
  Object.assign(proxies, {
    http: await startHttpProxy(),
    socks: await startSocks5Proxy(),
    httpsLocalhostOnly: await startHttpProxy({ tls: pki.localhostOnly }),
    httpsAddressOnly: await startHttpProxy({ tls: pki.addressOnly }),
  });
});

afterAll(async () => {
  await Promise.all([localhostOnlyApi, addressOnlyApi].map((server) => server?.close()));
  await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
});

/** "localhost" is 127.0.0.1 here, where the servers listen (not ::1). */
const loopbackName: HostResolver = async () => [{ address: "127.0.0.1", family: 4 }];
const byName = (api: FakeOpenAI) => api.baseUrl("ok").replace("//127.0.0.1:", "//localhost:");

describe("the certificate is checked against the host the route names", () => {
  const cases: Array<[string, () => { baseUrl: string; proxy?: string }, "ok" | "tls_error", "the proxy" | "the API host" | null]> = [
    ["target by address, certificate for the address", () => ({ baseUrl: addressOnlyApi.baseUrl("ok") }), "ok", null],
    ["target by address, certificate for localhost only", () => ({ baseUrl: localhostOnlyApi.baseUrl("ok") }), "tls_error", "the API host"],
    ["target by name, certificate for the name", () => ({ baseUrl: byName(localhostOnlyApi) }), "ok", null],
    ["target by name, certificate for its address only", () => ({ baseUrl: byName(addressOnlyApi) }), "tls_error", "the API host"],
    ["through HTTP CONNECT: target by address, certificate for the address", () => ({ baseUrl: addressOnlyApi.baseUrl("ok"), proxy: proxies.http!.url }), "ok", null],
    ["through HTTP CONNECT: target by address, certificate for localhost only", () => ({ baseUrl: localhostOnlyApi.baseUrl("ok"), proxy: proxies.http!.url }), "tls_error", "the API host"],
    ["through SOCKS5: target by address, certificate for the address", () => ({ baseUrl: addressOnlyApi.baseUrl("ok"), proxy: proxies.socks!.url }), "ok", null],
    ["through SOCKS5: target by address, certificate for localhost only", () => ({ baseUrl: localhostOnlyApi.baseUrl("ok"), proxy: proxies.socks!.url }), "tls_error", "the API host"],
    ["https:// proxy by address, its certificate for the address", () => ({ baseUrl: addressOnlyApi.baseUrl("ok"), proxy: proxies.httpsAddressOnly!.url }), "ok", null],
    ["https:// proxy by address, its certificate for localhost only", () => ({ baseUrl: addressOnlyApi.baseUrl("ok"), proxy: proxies.httpsLocalhostOnly!.url }), "tls_error", "the proxy"],
  ];

  it.each(cases)("%s", async (_name, route, kind, whose) => {
    const { baseUrl, proxy } = route();
    const result = await probeThrough(baseUrl, { caFile, resolve: loopbackName, ...(proxy ? { proxy } : {}) });
    expect(result.kind, result.message).toBe(kind);
    if (whose === "the proxy") expect(result.message).toMatch(/with the proxy failed/);
    if (whose === "the API host") expect(result.message).not.toMatch(/proxy/);
    if (whose) expect(result.message).toMatch(/does not match certificate's altnames/);
  });
});
