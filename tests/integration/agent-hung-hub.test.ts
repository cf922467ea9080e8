import net from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { addAgentLocation, directRoutesYaml, expectExactlyOnce, hubWorkspace, query, readSpool, startAgent, startHub, waitFor, type Hub, type HubWorkspace, type Proc } from "../helpers/agent-testbed";

/**
 * A hub (or the link to it) that takes connections and then never answers:
 * the agent gives each request up after --request-timeout-seconds, keeps its
 * results in the spool, and delivers every one exactly once when the hub
 * answers again. The agent reaches the hub through a TCP relay on loopback
 * that can freeze (hold every connection, old and new, without a byte back).
 */
interface Relay {
  url: string;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

function startRelay(target: () => number): Promise<Relay> {
  let frozen = true;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  const connect = (pair: { client: net.Socket; upstream: net.Socket | null }) => {
    const upstream = net.connect(target(), "127.0.0.1");
    pair.upstream = upstream;
    pair.client.pipe(upstream).pipe(pair.client);
    upstream.on("error", () => pair.client.destroy());
  };
  const server = net.createServer((client) => {
    const pair = { client, upstream: null as net.Socket | null };
    pairs.add(pair);
    client.on("error", () => undefined);
    client.on("close", () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    // Frozen: the connection is taken and held, what the client sends is read and ignored.
    if (frozen) client.resume();
    else connect(pair);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        freeze: () => {
          frozen = true;
          // Connections in use go silent too: nothing more reaches either side.
          for (const pair of pairs) {
            pair.client.unpipe();
            pair.upstream?.unpipe();
            pair.upstream?.pause();
            pair.client.resume();
          }
        },
        thaw: () => {
          frozen = false;
          // What was held is lost, as with a hub that was restarted; new connections go through.
          for (const pair of pairs) pair.client.destroy();
        },
        close: () => {
          for (const pair of pairs) pair.client.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      }),
    ),
  );
}

let api: FakeOpenAI;
let ws: HubWorkspace;
let hub: Hub;
let relay: Relay;
let agent: Proc;
let dataDir: string;

beforeAll(async () => {
  api = await startFakeOpenAI({ apiKeys: ["sk-hung"] });
  ws = hubWorkspace(directRoutesYaml({ baseUrl: api.baseUrl("ok"), apiKey: "sk-hung", routes: 10 }));
  hub = await startHub(ws);
  relay = await startRelay(() => hub.port);
  dataDir = mkdtempSync(join(tmpdir(), "proxypulse-agent-hung-"));
}, 60_000);

afterAll(async () => {
  await agent?.kill();
  await relay?.close();
  await hub?.kill();
  await api?.close();
  ws?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const timeouts = () => agent.output().match(/did not answer within 1 s/g)?.length ?? 0;

describe("an agent whose hub hangs", () => {
  it("gives requests up after its timeout, spools meanwhile, and delivers every result exactly once when the hub answers again", { timeout: 120_000 }, async () => {
    const location = addAgentLocation(ws.db, "hk");
    agent = startAgent(["--hub", relay.url, "--data-dir", dataDir, "--heartbeat-seconds", "1", "--request-timeout-seconds", "1"], { PROXYPULSE_AGENT_TOKEN: location.token });
    // Frozen from the start: the first assignment request is given up, and retried.
    await agent.waitForOutput(/cannot get the assignment from the hub .*did not answer within 1 s/);
    relay.thaw();
    await agent.waitForOutput(/assignment: 10 route\(s\)/, 30_000);
    await waitFor(() => (query<{ lastSeq: number }>(ws.db, `SELECT lastSeq FROM "AgentStream" WHERE locationId = ?`, location.id)[0]?.lastSeq ?? 0) >= 10, 30_000, "the first results at the hub");

    // The hub goes silent mid-life, on the connections in use too.
    relay.freeze();
    const before = timeouts();
    const givenAtFreeze = readSpool(dataDir).lastGiven;
    await waitFor(() => readSpool(dataDir).lastGiven >= givenAtFreeze + 20 && timeouts() >= before + 2, 40_000, "probes spooled and requests given up while the hub hangs");
    expect(readSpool(dataDir).seqs.length).toBeGreaterThan(0);
    expect(agent.output()).toMatch(/cannot upload results to the hub \(they stay in the spool; retrying with backoff\): the hub did not answer within 1 s/);

    relay.thaw();
    const lastGiven = readSpool(dataDir).lastGiven;
    const lastSeq = () => query<{ lastSeq: number }>(ws.db, `SELECT lastSeq FROM "AgentStream" WHERE locationId = ?`, location.id)[0]?.lastSeq ?? 0;
    await waitFor(() => lastSeq() >= lastGiven, 40_000, "the spool delivered");
    // The agent still runs: a batch the hub stored may wait in the spool until its answer is heard.
    expectExactlyOnce(ws.db, location.id, dataDir, "running");
    expect(agent.output()).not.toContain(location.token);
  });
});
