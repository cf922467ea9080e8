import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { addAgentLocation, hubWorkspace, query, startAgent, startHub, waitFor, type Hub, type HubWorkspace, type Proc } from "../helpers/agent-testbed";

/**
 * The agent runs from the CLI's bundle, not from the sources the hub runs:
 * every kind of route must probe from it as it does from the hub (a
 * library loaded on first need came out of the bundle without its named
 * exports, and every SOCKS5 route of every agent failed).
 */
let api: FakeOpenAI;
let http: FakeProxy;
let socks: FakeProxy;
let ws: HubWorkspace;
let hub: Hub;
let agent: Proc;
let dataDir: string;

beforeAll(async () => {
  api = await startFakeOpenAI({ apiKeys: ["sk-kinds"] });
  http = await startHttpProxy();
  socks = await startSocks5Proxy();
  ws = hubWorkspace(`
intervalSeconds: 5
timeoutMs: 5000
targets:
  - name: main
    baseUrl: ${api.baseUrl("ok")}
    apiKey: sk-kinds
    probe: models
proxies:
  - name: direct
    url: direct
  - name: http-connect
    url: ${http.url}
  - name: socks5
    url: ${socks.url}
  - name: socks5h
    url: ${socks.url.replace(/^socks5:/, "socks5h:")}
`);
  hub = await startHub(ws);
  dataDir = mkdtempSync(join(tmpdir(), "proxypulse-agent-kinds-"));
}, 60_000);

afterAll(async () => {
  await agent?.kill();
  await hub?.kill();
  await api?.close();
  await http?.close();
  await socks?.close();
  ws?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("an agent probes every kind of route", () => {
  it("direct, HTTP CONNECT, SOCKS5 and SOCKS5h, as the hub would", { timeout: 60_000 }, async () => {
    const location = addAgentLocation(ws.db, "hk");
    agent = startAgent(["--hub", hub.url, "--data-dir", dataDir], { PROXYPULSE_AGENT_TOKEN: location.token });
    const latest = () =>
      query<{ proxy: string; kind: string; message: string | null }>(
        ws.db,
        `SELECT p.name AS proxy, r.lastKind AS kind, (SELECT message FROM "ProbeResult" WHERE routeId = r.id ORDER BY id DESC LIMIT 1) AS message
           FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId WHERE r.locationId = ? AND r.lastKind IS NOT NULL ORDER BY p.name`,
        location.id,
      );
    await waitFor(() => latest().length === 4, 40_000, "a result for every route");
    expect(latest().map((row) => `${row.proxy}: ${row.kind}${row.kind === "ok" ? "" : ` (${row.message})`}`)).toEqual(["direct: ok", "http-connect: ok", "socks5: ok", "socks5h: ok"]);
    expect(socks.tunnels).toBeGreaterThanOrEqual(2);
    expect(http.tunnels).toBeGreaterThanOrEqual(1);
  });
});
