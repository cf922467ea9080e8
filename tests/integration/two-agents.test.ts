import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { closedPort, startHttpProxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { testPki } from "../fixtures/certificates";
import { expectExactlyOnce, hubWorkspace, query, readSpool, startAgent, startHub, waitFor, type Hub, type HubOptions, type HubWorkspace, type Proc } from "../helpers/agent-testbed";
import { writeCaFile } from "../helpers/probe-harness";
import { startReceiver } from "../helpers/receivers";
import { ADMIN_TOKEN } from "../helpers/test-service";

// Issue 12, the whole story with real processes over loopback: a hub that
// probes too (location 1, "local") and two agents, each at a location made
// through the API as a user would. The one pair goes through the proxy kind
// `env`, which every probing process resolves from its OWN environment: the
// hub and agent A have a working HTTP proxy each, agent B a dead proxy port.
// So the pair is down at B only (degraded, no alert), then at A too (one
// route.down naming both), then up again (one route.up); the hub is killed
// and started again while both agents go on probing, and every result each
// agent spooled is stored exactly once.

const API_KEY = "sk-two-agents-test";
let api: FakeOpenAI;
let hubProxy: FakeProxy;
let proxyA: FakeProxy;
let deadPort: number;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let ws: HubWorkspace;
let hub: Hub;
let hubOptions: HubOptions;
const agents: Proc[] = [];
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
/** The hub's silence before it calls an agent offline (the agents beat every second). */
const OFFLINE_AFTER_MS = 6000;

beforeAll(async () => {
  const pki = await testPki();
  api = await startFakeOpenAI({ tls: pki.server, apiKeys: [API_KEY] });
  hubProxy = await startHttpProxy();
  proxyA = await startHttpProxy();
  deadPort = await closedPort();
  receiver = await startReceiver();
  ws = hubWorkspace(`
intervalSeconds: 5
timeoutMs: 3000
alerts:
  downAfterFailures: 1
  upAfterSuccesses: 1
  cooldownMinutes: 0
targets:
  - name: main
    baseUrl: ${api.baseUrl("ok")}
    apiKey: ${API_KEY}
    caFile: ${await writeCaFile()}
    probe: models
proxies:
  - name: via-env
    url: env
`);
  // Without a scheme, an HTTP proxy (as curl reads it).
  hubOptions = { scheduler: true, offlineAfterMs: OFFLINE_AFTER_MS, env: { HTTPS_PROXY: `127.0.0.1:${hubProxy.port}` } };
  hub = await startHub(ws, hubOptions);
}, 60_000);

afterAll(async () => {
  for (const agent of agents) await agent.kill();
  await hub?.kill();
  await Promise.all([api?.close(), hubProxy?.close(), proxyA?.close(), receiver?.close()]);
  ws?.remove();
});

async function admin(path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${hub.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...ADMIN, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

interface PairLocation {
  id: number;
  name: string;
  state: string;
  last: { kind: string } | null;
}
interface Pair {
  id: number;
  state: string;
  locations: PairLocation[];
}

async function thePair(): Promise<Pair> {
  const listed = await admin("/api/routes");
  expect(listed.status).toBe(200);
  expect(listed.json.routes).toHaveLength(1);
  return listed.json.routes[0] as Pair;
}

/** Polls the listing until `check` holds (its last answer in the error otherwise). */
async function waitForPair(check: (pair: Pair) => boolean, what: string, ms = 40_000): Promise<Pair> {
  const until = Date.now() + ms;
  let pair = await thePair();
  while (!check(pair)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the pair: ${JSON.stringify(pair)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    pair = await thePair();
  }
  return pair;
}

const statesOf = (pair: Pair) => Object.fromEntries(pair.locations.map((location) => [location.name, location.state]));
const routeEvents = () => receiver.received.map((entry) => entry.json).filter((json) => String(json?.event).startsWith("route."));

type AgentKey = "a" | "b";
interface AgentLocation {
  id: number;
  name: string;
  token: string;
  dir: string;
}
const made = new Map<AgentKey, AgentLocation>();
/** A location the first test made through the API. */
function location(key: AgentKey): AgentLocation {
  const found = made.get(key);
  if (!found) throw new Error(`location ${key} was not made (did the first test fail?)`);
  return found;
}
const rowsAt = (locationId: number) => query<{ id: number }>(ws.db, `SELECT id FROM "Route" WHERE locationId = ? AND assigned = 1`, locationId).map((row) => row.id);
const storedAt = (locationId: number) =>
  query<{ n: number }>(ws.db, `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE routeId IN (SELECT id FROM "Route" WHERE locationId = ?)`, locationId)[0]!.n;
const lastSeqOf = (locationId: number) => query<{ lastSeq: number }>(ws.db, `SELECT lastSeq FROM "AgentStream" WHERE locationId = ?`, locationId)[0]?.lastSeq ?? 0;

function agentAt(key: AgentKey, proxyVariable: string): Proc {
  const { dir, token } = location(key);
  const agent = startAgent(["--hub", hub.url, "--data-dir", dir, "--heartbeat-seconds", "1"], { PROXYPULSE_AGENT_TOKEN: token, HTTPS_PROXY: proxyVariable });
  agents.push(agent);
  return agent;
}

describe("a hub and two probe agents on one machine", () => {
  let agentA: Proc;
  let agentB: Proc;

  it("places the pair at each location made through the API, and each agent receives it", async () => {
    const channel = await admin("/api/notifications", { name: "hook", type: "webhook", url: `${receiver.url}/hook` });
    expect(channel.status).toBe(201);
    for (const [key, name, region] of [["a", "hk-a", "Hong Kong"], ["b", "sg-b", null]] as const) {
      const created = await admin("/api/locations", { name, ...(region ? { region } : {}) });
      expect(created.status).toBe(201);
      expect(created.json.token).toMatch(/^ppa_/);
      made.set(key, { id: created.json.id, name, token: created.json.token, dir: join(ws.dir, `agent-${key}`) });
      // The API's own reload placed the pair there: no restart, no SQL.
      expect(rowsAt(created.json.id)).toHaveLength(1);
    }
    const listed = await admin("/api/locations");
    expect(listed.json.locations.map((location: { name: string; routes: number }) => [location.name, location.routes])).toEqual([
      ["local", 1],
      ["hk-a", 1],
      ["sg-b", 1],
    ]);
    agentA = agentAt("a", `127.0.0.1:${proxyA.port}`);
    agentB = agentAt("b", `127.0.0.1:${deadPort}`);
    await agentA.waitForOutput(/assignment: 1 route\(s\) to probe at location hk-a/);
    await agentB.waitForOutput(/assignment: 1 route\(s\) to probe at location sg-b/);
  }, 60_000);

  it("shows the pair down at B only: degraded (down in 1 of 3), each process through its own proxy, no alert", async () => {
    const pair = await waitForPair((p) => statesOf(p).local === "up" && statesOf(p)["hk-a"] === "up" && statesOf(p)["sg-b"] === "down", "up at the hub and A, down at B");
    expect(pair.locations.map((location) => location.name)).toEqual(["local", "hk-a", "sg-b"]);
    expect(pair.state).toBe("degraded");
    expect(pair.locations.find((location) => location.name === "sg-b")!.last!.kind).toBe("proxy_unreachable");
    // The hub's probes went through the hub's proxy, A's through A's: `env` was resolved where it was probed.
    expect(hubProxy.tunnels).toBeGreaterThan(0);
    expect(proxyA.tunnels).toBeGreaterThan(0);
    expect(routeEvents().filter((event) => event.event === "route.down")).toEqual([]);
  }, 60_000);

  it("draws the matrix on the overview: a dot per location with its state", async () => {
    const page = await fetch(`${hub.url}/`, { headers: ADMIN });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/data-testid="location-columns"[^>]*>.*local.*hk-a.*sg-b/);
    for (const label of ["local: Up", "hk-a: Up", "sg-b: Down"]) expect(html).toContain(`role="img" aria-label="${label}"`);
    expect((await fetch(`${hub.url}/`)).status).toBe(401);
  });

  it("announces the route down once a second location fails (2 of 3), naming them, and up once it recovers", async () => {
    await proxyA.setAvailable(false);
    await waitFor(() => routeEvents().some((event) => event.event === "route.down"), 40_000, "route.down on the webhook");
    const pair = await thePair();
    expect(pair.state).toBe("down");
    await proxyA.setAvailable(true);
    await waitFor(() => routeEvents().some((event) => event.event === "route.up"), 40_000, "route.up on the webhook");
    const events = routeEvents();
    expect(events.map((event) => event.event)).toEqual(["route.down", "route.up"]);
    expect(events[0]).toMatchObject({ route: { id: pair.id, proxyName: "via-env", targetName: "main" }, state: "down", locations: { total: 3 } });
    expect([...events[0].locations.down].sort()).toEqual(["hk-a", "sg-b"]);
    expect(events[1]).toMatchObject({ route: { id: pair.id }, previousState: "down", locations: { down: ["sg-b"], total: 3 } });
    expect((await waitForPair((p) => statesOf(p)["hk-a"] === "up", "A up again")).state).toBe("degraded");
  }, 90_000);

  it("loses and doubles nothing across a kill -9 and restart of the hub while both agents probe", async () => {
    await hub.kill("SIGKILL");
    const killedAt = Date.now();
    const givenAtKill = { a: readSpool(location("a").dir).lastGiven, b: readSpool(location("b").dir).lastGiven };
    // Both go on probing into their spools while the hub is away, for longer than the hub's offline silence.
    await waitFor(
      () => readSpool(location("a").dir).lastGiven > givenAtKill.a && readSpool(location("b").dir).lastGiven > givenAtKill.b && Date.now() - killedAt > OFFLINE_AFTER_MS + 500,
      30_000,
      "results spooled by both agents while the hub is down",
    );
    const restartedAt = Date.now();
    hub = await startHub(ws, { ...hubOptions, port: hub.port });
    const givenBeforeReplay = { a: readSpool(location("a").dir).lastGiven, b: readSpool(location("b").dir).lastGiven };
    await waitFor(() => lastSeqOf(location("a").id) >= givenBeforeReplay.a && lastSeqOf(location("b").id) >= givenBeforeReplay.b, 40_000, "both spools replayed");
    // The hub probes its own row again once the killed process's scheduler lease has run out.
    const hubRow = query<{ id: number }>(ws.db, `SELECT id FROM "Route" WHERE locationId = 1`)[0]!.id;
    await waitFor(() => query<{ n: number }>(ws.db, `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE routeId = ? AND at > ?`, hubRow, restartedAt)[0]!.n > 0, 40_000, "the hub's own probes after its restart");
    const after = await waitForPair((p) => statesOf(p).local === "up" && statesOf(p)["hk-a"] === "up" && statesOf(p)["sg-b"] === "down", "the same states after the restart");
    expect(after.state).toBe("degraded");
    for (const agent of [agentA, agentB]) {
      agent.child.kill("SIGTERM");
      expect(await agent.exited).toBe(0);
    }
    for (const key of ["a", "b"] as const) {
      const { id, dir } = location(key);
      expectExactlyOnce(ws.db, id, dir, "stopped");
      expect(readSpool(dir).lastGiven).toBeGreaterThan(givenAtKill[key]);
    }
    // The restarted hub sent no alert again, and blamed neither agent for its own outage.
    expect(routeEvents().map((event) => event.event)).toEqual(["route.down", "route.up"]);
    expect(receiver.received.filter((entry) => entry.json?.event === "agent.offline")).toEqual([]);
  }, 120_000);
});
