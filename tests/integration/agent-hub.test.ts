import http from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startReceiver } from "../helpers/receivers";
import { runCli } from "../helpers/run-cli";
import { addAgentLocation, expectExactlyOnce, hubWorkspace, query, readSpool, run, startAgent, startHub, waitFor, type Hub, type HubWorkspace, type Proc } from "../helpers/agent-testbed";

// The hub and the agent as real processes over loopback, with real SQLite
// files on both sides: the hub's database and the agent's spool are read
// directly to count what arrived, what waits and what was given.

let api: FakeOpenAI;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let ws: HubWorkspace;
let hub: Hub;
const agents: Proc[] = [];

beforeAll(async () => {
  api = await startFakeOpenAI({ apiKeys: ["sk-agent-test"] });
  receiver = await startReceiver();
  ws = hubWorkspace(`
intervalSeconds: 60
timeoutMs: 5000
targets:
  - name: main
    baseUrl: ${api.baseUrl("ok")}
    apiKey: sk-agent-test
proxies:
  - name: direct
    url: direct
  - name: direct-too
    url: direct
notifications:
  - name: hook
    type: webhook
    url: ${receiver.url}/hook
`);
  hub = await startHub(ws, { offlineAfterMs: 2500 });
}, 60_000);

afterAll(async () => {
  for (const agent of agents) await agent.kill();
  await hub?.kill();
  await api?.close();
  await receiver?.close();
  ws?.remove();
});

function agentProc(hubUrl: string, token: string, dataDir: string, extra: string[] = []): Proc {
  const agent = startAgent(["--hub", hubUrl, "--data-dir", dataDir, "--heartbeat-seconds", "1", ...extra], { PROXYPULSE_AGENT_TOKEN: token });
  agents.push(agent);
  return agent;
}

const storedFor = (routeIds: number[]) =>
  query<{ n: number }>(ws.db, `SELECT COUNT(*) AS n FROM "ProbeResult" WHERE routeId IN (${routeIds.join(", ")})`)[0]!.n;
const lastSeqOf = (locationId: number) => query<{ lastSeq: number }>(ws.db, `SELECT lastSeq FROM "AgentStream" WHERE locationId = ?`, locationId)[0]?.lastSeq ?? 0;

/** One POST on a connection of its own (a body refused before it was read leaves its connection unusable). */
async function post(url: string, token: string | null, body: string) {
  const dispatcher = new Agent();
  try {
    const response = await undiciFetch(url, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body, dispatcher });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: (text ? JSON.parse(text) : null) as any };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

function result(overrides: Record<string, unknown> = {}) {
  return {
    ok: true,
    kind: "ok",
    layer: null,
    httpStatus: 200,
    apiErrorCode: null,
    apiErrorType: null,
    message: "OK",
    hint: { en: "", zh: "" },
    requestId: null,
    processingMs: null,
    timings: { dnsMs: 1, connectMs: 1, tunnelMs: null, tlsMs: null, ttfbMs: 5, totalMs: 6 },
    quota: { limitRequests: null, remainingRequests: null, resetRequestsMs: null, limitTokens: null, remainingTokens: null, resetTokensMs: null, retryAfterMs: null },
    usage: null,
    probe: "chat",
    route: "direct",
    startedAt: new Date().toISOString(),
    midStream: false,
    stream: null,
    ...overrides,
  };
}

describe("a probe agent and its hub", () => {
  let edge: ReturnType<typeof addAgentLocation>;
  const edgeDir = () => join(ws.dir, "agent-edge");
  let agent: Proc;

  it("receives its assignment, probes it, and its results are stored under its location's rows with its heartbeat", async () => {
    edge = addAgentLocation(ws.db, "edge", { intervalSeconds: 1 });
    agent = agentProc(hub.url, edge.token, edgeDir());
    await agent.waitForOutput(/assignment: 2 route\(s\) to probe at location edge/);
    await waitFor(() => storedFor(edge.routeIds) >= 6, 30_000, "results from the agent");
    const hubRows = query<{ id: number }>(ws.db, `SELECT id FROM "Route" WHERE locationId = 1`).map((row) => row.id);
    // The hub's own rows are not the agent's: nothing of the agent's lands there.
    expect(storedFor(hubRows)).toBe(0);
    for (const routeId of edge.routeIds) {
      expect(query<{ state: string }>(ws.db, `SELECT state FROM "Route" WHERE id = ?`, routeId)[0]!.state).toBe("up");
    }
    const location = query<{ lastSeenAt: number | null; agentVersion: string | null; online: number; clockOffsetMs: number | null }>(ws.db, `SELECT lastSeenAt, agentVersion, online, clockOffsetMs FROM "Location" WHERE id = ?`, edge.id)[0]!;
    expect(location.agentVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(location.lastSeenAt).toBeGreaterThan(Date.now() - 60_000);
    expect(location.online).toBe(1);
    expect(Math.abs(location.clockOffsetMs!)).toBeLessThan(5000);
    // The hub's log names the agent's rows by proxy, target and location (its catalog holds only its own).
    await hub.waitForOutput(/route \S+\/\S+ at edge: unknown → up/);
    // The token never reaches the output.
    expect(agent.output() + hub.output()).not.toContain(edge.token);
  }, 60_000);

  it("spools while the hub is down and replays in order once it is back: no loss, no duplicate", async () => {
    await hub.kill("SIGKILL");
    const downAt = readSpool(edgeDir()).lastGiven;
    await waitFor(() => readSpool(edgeDir()).seqs.length >= 4, 30_000, "results spooled while the hub is down");
    hub = await startHub(ws, { port: hub.port, offlineAfterMs: 2500 });
    const spooledWhileDown = readSpool(edgeDir()).lastGiven;
    expect(spooledWhileDown).toBeGreaterThan(downAt);
    await waitFor(() => lastSeqOf(edge.id) >= spooledWhileDown, 40_000, "the spool replayed");
    // In the order probed: each route's stored results by arrival are in time order.
    for (const routeId of edge.routeIds) {
      const ats = query<{ at: number }>(ws.db, `SELECT at FROM "ProbeResult" WHERE routeId = ? ORDER BY id`, routeId).map((row) => row.at);
      expect(ats).toEqual([...ats].sort((a, b) => a - b));
    }
    expect(agent.output()).toMatch(/cannot upload results to the hub/);
    // The agent goes on sending: nothing lost or stored twice so far.
    expectExactlyOnce(ws.db, edge.id, edgeDir(), "running");
  }, 90_000);

  it("stops on SIGTERM with exit 0, its last probes spooled; nothing is lost or stored twice", async () => {
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
    expect(agent.output()).toMatch(/stopped; \d+ result\(s\) wait in the spool/);
    expectExactlyOnce(ws.db, edge.id, edgeDir(), "stopped");
  }, 30_000);

  it("after kill -9 with batches stored but not acknowledged, a restart sends them again and the hub skips them as duplicates", async () => {
    // A relay that passes everything on but, while `swallow` is set, drops the
    // hub's answer to a batch it has stored: what a crash between the hub's
    // commit and the agent's acknowledgement leaves behind.
    let swallow = true;
    let swallowed = 0;
    const answers: Array<{ stored: number; duplicates: number }> = [];
    const relay = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string" && name !== "host" && name !== "content-length") headers[name] = value;
        try {
          const upstream = await fetch(`${hub.url}${request.url}`, { method: request.method, headers, body: chunks.length ? Buffer.concat(chunks) : null });
          const body = await upstream.text();
          if (request.url === "/api/agent/results" && upstream.status === 200) {
            if (swallow) {
              swallowed++;
              request.socket.destroy();
              return;
            }
            answers.push(JSON.parse(body));
          }
          response.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([name]) => name !== "content-length" && name !== "transfer-encoding"))).end(body);
        } catch {
          request.socket.destroy();
        }
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
    try {
      agent = agentProc(relayUrl, edge.token, edgeDir());
      await waitFor(() => swallowed >= 2, 30_000, "batches stored by the hub whose answer was lost");
      await agent.kill("SIGKILL");
      const lastSeq = lastSeqOf(edge.id);
      const unacknowledged = readSpool(edgeDir()).seqs.filter((seq) => seq <= lastSeq);
      // The case under test: results the hub has, still in the spool.
      expect(unacknowledged.length).toBeGreaterThan(0);
      swallow = false;
      agent = agentProc(relayUrl, edge.token, edgeDir());
      await waitFor(() => answers.some((answer) => answer.duplicates > 0) && readSpool(edgeDir()).seqs.every((seq) => seq > lastSeq), 30_000, "the replay");
      expect(answers.reduce((sum, answer) => sum + answer.duplicates, 0)).toBeGreaterThanOrEqual(unacknowledged.length);
      agent.child.kill("SIGTERM");
      expect(await agent.exited).toBe(0);
      expectExactlyOnce(ws.db, edge.id, edgeDir(), "stopped");
    } finally {
      relay.closeAllConnections();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  }, 90_000);

  it("announces the location offline when its agent falls silent and online when it is back, on the webhook", async () => {
    const events = () => receiver.received.filter((entry) => entry.json?.location?.name === "edge").map((entry) => entry.json.event as string);
    const offlineBefore = events().filter((event) => event === "agent.offline").length;
    // The agent was stopped by the previous test: silent from now on.
    await waitFor(() => events().filter((event) => event === "agent.offline").length > offlineBefore, 20_000, "agent.offline on the webhook");
    agent = agentProc(hub.url, edge.token, edgeDir());
    await waitFor(() => events().lastIndexOf("agent.online") > events().lastIndexOf("agent.offline"), 20_000, "agent.online on the webhook");
    const offline = receiver.received.find((entry) => entry.json?.event === "agent.offline")!;
    expect(offline.headers["x-proxypulse-event"]).toBe("agent.offline");
    expect(offline.json.location).toEqual({ id: edge.id, name: "edge", region: null });
    expect(query<{ online: number }>(ws.db, `SELECT online FROM "Location" WHERE id = ?`, edge.id)[0]!.online).toBe(1);
  }, 60_000);

  it("once its token is revoked, gets 401 on its next request and stops probing (and says why)", async () => {
    run(ws.db, `UPDATE "Location" SET tokenHash = NULL, revokedAt = ? WHERE id = ?`, Date.now(), edge.id);
    await agent.waitForOutput(/the hub refused the agent token .*probing stopped/);
    const direct = await fetch(`${hub.url}/api/agent/assignment`, { headers: { authorization: `Bearer ${edge.token}` } });
    expect(direct.status).toBe(401);
    const body = await direct.text();
    expect(JSON.parse(body).error.code).toBe("agent_token_invalid");
    expect(body).not.toContain(edge.token);
    // Nothing probed from now on: once the probes already running have been spooled (a loaded machine
    // may take a while), the spool gives no new sequence number over several intervals.
    let given = readSpool(edgeDir()).lastGiven;
    for (let settledSince = Date.now(); Date.now() - settledSince < 1500; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = readSpool(edgeDir()).lastGiven;
      if (now !== given) [given, settledSince] = [now, Date.now()];
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(readSpool(edgeDir()).lastGiven).toBe(given);
    expect(agent.output()).toMatch(/restart of the agent/);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
  }, 60_000);
});

describe("the hub's agent endpoints refuse what they must, storing nothing", () => {
  let a: ReturnType<typeof addAgentLocation>;
  let b: ReturnType<typeof addAgentLocation>;
  beforeAll(() => {
    a = addAgentLocation(ws.db, "refuse-a");
    b = addAgentLocation(ws.db, "refuse-b");
  });

  it("403 route_not_assigned for another location's route, the whole batch refused", async () => {
    const before = storedFor([...a.routeIds, ...b.routeIds]);
    const answer = await post(`${hub.url}/api/agent/results`, a.token, JSON.stringify({ streamId: "stream-a-0001", results: [{ seq: 1, routeId: a.routeIds[0], result: result() }, { seq: 2, routeId: b.routeIds[0], result: result() }] }));
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe("route_not_assigned");
    expect(storedFor([...a.routeIds, ...b.routeIds])).toBe(before);
    expect(lastSeqOf(a.id)).toBe(0);
  });

  it.each<[string, () => { body: string; token?: string | null }, number, RegExp]>([
    ["more than 500 results", () => ({ body: JSON.stringify({ streamId: "stream-a-0002", results: Array.from({ length: 501 }, (_, i) => ({ seq: i + 1, routeId: a.routeIds[0], result: result() })) }) }), 400, /at most 500/],
    ["a body over 1 MiB", () => ({ body: JSON.stringify({ streamId: "stream-a-0003", results: [{ seq: 1, routeId: a.routeIds[0], result: result({ message: "x".repeat(1024 * 1024) }) }] }) }), 413, /larger than 1 MB/],
    ["an unknown kind", () => ({ body: JSON.stringify({ streamId: "stream-a-0004", results: [{ seq: 1, routeId: a.routeIds[0], result: result({ ok: false, kind: "gremlins" }) }] }) }), 400, /kind must be one of/],
    ["an unknown layer", () => ({ body: JSON.stringify({ streamId: "stream-a-0005", results: [{ seq: 1, routeId: a.routeIds[0], result: result({ layer: "astral" }) }] }) }), 400, /layer/],
    ["a negative timing", () => ({ body: JSON.stringify({ streamId: "stream-a-0006", results: [{ seq: 1, routeId: a.routeIds[0], result: result({ timings: { dnsMs: -5, connectMs: null, tunnelMs: null, tlsMs: null, ttfbMs: null, totalMs: null } }) }] }) }), 400, /dnsMs/],
    ["a probe said to have used a trillion tokens", () => ({ body: JSON.stringify({ streamId: "stream-a-0012", results: [{ seq: 1, routeId: a.routeIds[0], result: result({ usage: { promptTokens: 1e12, completionTokens: 1, totalTokens: 1e12 + 1 } }) }] }) }), 400, /at most 10000000 tokens a probe/],
    ["a sequence number twice", () => ({ body: JSON.stringify({ streamId: "stream-a-0009", results: [{ seq: 3, routeId: a.routeIds[0], result: result() }, { seq: 3, routeId: a.routeIds[0], result: result() }] }) }), 400, /appears twice/],
    ["a bad stream id", () => ({ body: JSON.stringify({ streamId: "x", results: [] }) }), 400, /streamId/],
    ["a body that is not JSON", () => ({ body: "{ results: [" }), 400, /not valid JSON/],
    ["no token", () => ({ body: JSON.stringify({ streamId: "stream-a-0010", results: [] }), token: null }), 401, /agent token is missing, unknown or revoked/],
    ["a wrong token", () => ({ body: JSON.stringify({ streamId: "stream-a-0011", results: [] }), token: "ppa_wrong-token-that-must-not-be-echoed" }), 401, /agent token is missing, unknown or revoked/],
  ])("refuses %s", async (_case, make, status, message) => {
    const before = storedFor(a.routeIds);
    const { body, token } = make();
    const answer = await post(`${hub.url}/api/agent/results`, token === undefined ? a.token : token, body);
    expect(answer.status).toBe(status);
    expect(answer.json.error.message).toMatch(message);
    expect(answer.text).not.toContain("ppa_wrong-token");
    expect(storedFor(a.routeIds)).toBe(before);
    expect(lastSeqOf(a.id)).toBe(0);
  });

  it("stores a valid batch once: the same batch again is all duplicates", async () => {
    const body = JSON.stringify({ streamId: "stream-a-ok01", results: [1, 2, 3].map((seq) => ({ seq, routeId: a.routeIds[0], result: result() })) });
    expect((await post(`${hub.url}/api/agent/results`, a.token, body)).json).toEqual({ stored: 3, duplicates: 0, lastSeq: 3, outOfTime: 0 });
    expect((await post(`${hub.url}/api/agent/results`, a.token, body)).json).toEqual({ stored: 0, duplicates: 3, lastSeq: 3, outOfTime: 0 });
    expect(storedFor(a.routeIds)).toBe(3);
  });

  it("leaves out only the results timed out of bounds (a day behind, 5 minutes ahead), storing their neighbours and saying how many", async () => {
    const c = addAgentLocation(ws.db, "out-of-time");
    const at = (ms: number) => result({ startedAt: new Date(Date.now() + ms).toISOString() });
    const body = JSON.stringify({
      streamId: "stream-time-01",
      results: [at(-25 * 3600_000), at(-1000), at(10 * 60_000), at(-500)].map((entry, index) => ({ seq: index + 1, routeId: c.routeIds[0], result: entry })),
    });
    expect((await post(`${hub.url}/api/agent/results`, c.token, body)).json).toEqual({ stored: 2, duplicates: 0, lastSeq: 4, outOfTime: 2 });
    expect(storedFor(c.routeIds)).toBe(2);
    // Sent again (a lost answer): nothing more, the left-out ones not counted twice.
    expect((await post(`${hub.url}/api/agent/results`, c.token, body)).json).toEqual({ stored: 0, duplicates: 4, lastSeq: 4, outOfTime: 0 });
    await hub.waitForOutput(/probe agent at location out-of-time: left out 2 result\(s\) timed more than a day ago or more than 5 minutes ahead/);
  });

  it("judges and stores an agent's times on the hub's clock, corrected by the offset its heartbeat showed", async () => {
    const c = addAgentLocation(ws.db, "clock-ahead");
    // Its clock runs 10 minutes ahead of the hub's.
    run(ws.db, `UPDATE "Location" SET clockOffsetMs = ? WHERE id = ?`, -600_000, c.id);
    const agentNow = Date.now() + 600_000;
    const answer = await post(`${hub.url}/api/agent/results`, c.token, JSON.stringify({ streamId: "stream-clock-1", results: [{ seq: 1, routeId: c.routeIds[0], result: result({ startedAt: new Date(agentNow).toISOString() }) }] }));
    expect(answer.status).toBe(200);
    const [stored] = query<{ at: number }>(ws.db, `SELECT at FROM "ProbeResult" WHERE routeId = ?`, c.routeIds[0]);
    expect(stored!.at).toBe(agentNow - 600_000);
  });

  it("limits each location's requests (429 with retry-after) without touching another location's", async () => {
    const body = JSON.stringify({ streamId: "stream-b-rate", results: [] });
    const answers = await Promise.all(Array.from({ length: 150 }, () => post(`${hub.url}/api/agent/results`, b.token, body)));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(40);
    expect((await post(`${hub.url}/api/agent/results`, a.token, JSON.stringify({ streamId: "stream-a-rate", results: [] }))).status).toBe(200);
  });

  it("answers the assignment with an ETag, 304 when unchanged after ?wait=, and at once when it changes", async () => {
    const first = await fetch(`${hub.url}/api/agent/assignment`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    const assignment = (await first.json()) as { routes: Array<{ id: number; apiKey: string; proxy: string }>; location: { name: string } };
    expect(assignment.location.name).toBe("refuse-a");
    expect(assignment.routes.map((route) => route.id).sort()).toEqual([...a.routeIds].sort());
    expect(assignment.routes[0]!.apiKey).toBe("sk-agent-test");
    const unchanged = await fetch(`${hub.url}/api/agent/assignment?wait=1`, { headers: { authorization: `Bearer ${a.token}`, "if-none-match": etag } });
    expect(unchanged.status).toBe(304);
    const held = fetch(`${hub.url}/api/agent/assignment?wait=30`, { headers: { authorization: `Bearer ${a.token}`, "if-none-match": etag } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    run(ws.db, `UPDATE "Route" SET assigned = 0 WHERE id = ?`, a.routeIds[0]);
    const changed = await held;
    expect(changed.status).toBe(200);
    const next = (await changed.json()) as { routes: Array<{ id: number; model: string }> };
    expect(next.routes.map((route) => route.id)).toEqual(a.routeIds.slice(1));
    // An edit of the target (not of the route rows) is news too.
    const heldAgain = fetch(`${hub.url}/api/agent/assignment?wait=30`, { headers: { authorization: `Bearer ${a.token}`, "if-none-match": changed.headers.get("etag")! } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    run(ws.db, `UPDATE "Target" SET model = 'gpt-edited' WHERE name = 'main'`);
    const edited = await heldAgain;
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { routes: Array<{ model: string }> }).routes.map((route) => route.model)).toEqual(a.routeIds.slice(1).map(() => "gpt-edited"));
    const bad = await fetch(`${hub.url}/api/agent/assignment?wait=61`, { headers: { authorization: `Bearer ${a.token}` } });
    expect(bad.status).toBe(400);
  }, 30_000);
});

describe("proxypulse agent's command line", () => {
  it.each<[string, string[], Record<string, string>, RegExp]>([
    ["no token", ["--hub", "http://127.0.0.1:9"], {}, /--token is required/],
    ["no hub", [], { PROXYPULSE_AGENT_TOKEN: "ppa_x" }, /--hub is required/],
    ["plain http to a host that is not loopback", ["--hub", "http://192.0.2.10:3000"], { PROXYPULSE_AGENT_TOKEN: "ppa_secret-never-printed" }, /refusing plain http to 192\.0\.2\.10:3000: the agent token and every secret .* --allow-insecure-http/],
    ["a hub URL with credentials", ["--hub", "https://u:p@hub.example"], { PROXYPULSE_AGENT_TOKEN: "ppa_x" }, /must not hold a user name or password/],
    ["a bad spool bound", ["--hub", "https://hub.example", "--spool-max", "ten"], { PROXYPULSE_AGENT_TOKEN: "ppa_x" }, /--spool-max must be a whole number/],
    // A data dir that cannot be one: a clear message, not a stack trace (nor, under /proc, a spin for ever).
    ["a data dir that is a file", ["--hub", "http://127.0.0.1:9", "--data-dir", "{file}"], { PROXYPULSE_AGENT_TOKEN: "ppa_x" }, /--data-dir .*a-file cannot be used: .*a-file is not a directory/],
    ["a data dir under a file", ["--hub", "http://127.0.0.1:9", "--data-dir", "{file}/spool"], { PROXYPULSE_AGENT_TOKEN: "ppa_x" }, /--data-dir .*a-file\/spool cannot be used: .*not a directory/],
    ["a data dir under /dev/null", ["--hub", "http://127.0.0.1:9", "--data-dir", "/dev/null/x"], { PROXYPULSE_AGENT_TOKEN: "ppa_x" }, /--data-dir \/dev\/null\/x cannot be used/],
    ["a data dir that cannot be made", ["--hub", "http://127.0.0.1:9", "--data-dir", "/proc/proxypulse-agent"], { PROXYPULSE_AGENT_TOKEN: "ppa_x" }, /--data-dir \/proc\/proxypulse-agent cannot be used/],
  ])("refuses %s with exit 2", async (_case, args, env, message) => {
    const file = join(ws.dir, "a-file");
    writeFileSync(file, "not a directory");
    const cli = await runCli(["agent", ...args.map((arg) => arg.replace("{file}", file))], env);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(message);
    expect(cli.stdout + cli.stderr).not.toContain("ppa_secret-never-printed");
  });

  it("takes a plain-http hub that is not a loopback name with --allow-insecure-http", async () => {
    const loc = addAgentLocation(ws.db, "insecure");
    // An IPv4-mapped address: loopback in fact, but not one of the names the check accepts without the flag.
    const url = `http://[::ffff:127.0.0.1]:${hub.port}`;
    const refused = await runCli(["agent", "--hub", url], { PROXYPULSE_AGENT_TOKEN: loc.token });
    expect(refused.code).toBe(2);
    const agent = agentProc(url, loc.token, join(ws.dir, "agent-insecure"), ["--allow-insecure-http"]);
    await agent.waitForOutput(/assignment: 2 route\(s\) to probe at location insecure/);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
  }, 40_000);

  it("refuses a second agent on the same data dir while the first runs, and takes it once the first is gone (kill -9 included)", async () => {
    const loc = addAgentLocation(ws.db, "one-dir");
    const dataDir = join(ws.dir, "agent-one-dir");
    const first = agentProc(hub.url, loc.token, dataDir);
    await first.waitForOutput(/assignment: \d+ route\(s\) to probe at location one-dir/);
    const second = await runCli(["agent", "--hub", hub.url, "--data-dir", dataDir], { PROXYPULSE_AGENT_TOKEN: loc.token });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another agent already runs with --data-dir .*agent-one-dir: give each agent its own data dir/);
    expect(second.stdout + second.stderr).not.toContain(loc.token);
    await first.kill("SIGKILL");
    const third = agentProc(hub.url, loc.token, dataDir);
    await third.waitForOutput(/assignment: \d+ route\(s\) to probe at location one-dir/);
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);
  }, 40_000);

  it("lists the agent in the help", async () => {
    const help = await runCli(["help"]);
    expect(help.stdout).toMatch(/proxypulse agent --hub URL --token TOKEN/);
  });
});

describe("spooled results of a route taken off the location", () => {
  it("are dropped (counted, logged) when the hub refuses them, and the rest of the spool goes on", async () => {
    const loc = addAgentLocation(ws.db, "reassigned", { intervalSeconds: 1 });
    const dataDir = join(ws.dir, "agent-reassigned");
    const agent = agentProc(hub.url, loc.token, dataDir);
    await waitFor(() => storedFor(loc.routeIds) >= 2, 30_000, "first results");
    await hub.kill("SIGKILL");
    await waitFor(() => readSpool(dataDir).seqs.length >= 6, 30_000, "results spooled while the hub is down");
    // While the hub is down, the first route is taken off the location.
    const [gone, kept] = loc.routeIds as [number, number];
    // As the API does it: the pair's own placement names only the hub (the restarted hub's sync then unassigns the row).
    run(ws.db, `INSERT INTO "RoutePlacement" (proxyId, targetId, locations) SELECT proxyId, targetId, '["local"]' FROM "Route" WHERE id = ?`, gone);
    const goneBefore = storedFor([gone]);
    const keptBefore = storedFor([kept]);
    hub = await startHub(ws, { port: hub.port, offlineAfterMs: 2500 });
    await agent.waitForOutput(/dropped \d+ spooled result\(s\) of route\(s\) no longer assigned to this location: Route \d+ is not assigned to location reassigned/, 40_000);
    await waitFor(() => storedFor([kept]) > keptBefore + 2, 30_000, "the kept route's spooled results stored");
    expect(storedFor([gone])).toBe(goneBefore);
    agent.child.kill("SIGTERM");
    expect(await agent.exited).toBe(0);
  }, 120_000);
});
