import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase } from "@/lib/db/open-database";
import type { MonitorService } from "@/lib/monitoring/monitor-service";
import { checkReadiness } from "@/lib/monitoring/readiness";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startPgCluster, type PgCluster } from "../../../scripts/db/pg-cluster";
import { startTestService, type TestService } from "../../helpers/test-service";

/**
 * PostgreSQL out of reach under a hub or at its start, through a TCP relay on
 * loopback that can pass, freeze (hold every connection without a byte
 * back: a hung server or a cut route) or refuse (cut every connection and
 * refuse new ones: a server down): a start gives up with one line, /readyz
 * answers in time and names the cause, and a hub alone on the database goes
 * on probing through an outage and stores what it probed once it is over.
 */
type Mode = "pass" | "freeze" | "refuse";

interface Relay {
  port: number;
  set(mode: Mode): void;
  close(): Promise<void>;
}

function startRelay(target: number): Promise<Relay> {
  let mode: Mode = "pass";
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    client.on("error", () => undefined);
    if (mode === "refuse") return client.destroy();
    if (mode === "freeze") return void client.resume();
    const upstream = net.connect(target, "127.0.0.1");
    const pair = { client, upstream };
    pairs.add(pair);
    upstream.on("error", () => client.destroy());
    client.on("close", () => {
      upstream.destroy();
      pairs.delete(pair);
    });
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        set: (next) => {
          mode = next;
          for (const pair of pairs) {
            if (next === "refuse") pair.client.destroy();
            if (next === "freeze") {
              pair.client.unpipe();
              pair.upstream.unpipe();
              pair.upstream.pause();
              pair.client.resume();
            }
          }
          // Back to passing: what was frozen is lost, as after a server restart.
          if (next === "pass") for (const pair of pairs) if (pair.upstream.isPaused()) pair.client.destroy();
        },
        close: () => {
          for (const pair of pairs) pair.client.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      }),
    ),
  );
}

/** A listener that takes connections and says nothing (a firewalled port, a hung server), or closes each at once. */
function startListener(behaviour: "silent" | "close"): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    if (behaviour === "close") socket.destroy();
    else socket.resume();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => {
          for (const socket of sockets) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      }),
    ),
  );
}

let cluster: PgCluster;
let api: FakeOpenAI;

beforeAll(async () => {
  cluster = await startPgCluster();
  api = await startFakeOpenAI();
}, 120_000);

afterAll(async () => {
  await api?.close();
  await cluster?.stop();
});

describe("a start against a PostgreSQL that cannot be used", () => {
  it.each([
    { behaviour: "silent" as const, words: /no answer within 10 s/ },
    { behaviour: "close" as const, words: /the server closed the connection/ },
  ])("stops with one line when the server's port $behaviour", { timeout: 30_000 }, async ({ behaviour, words }) => {
    const listener = await startListener(behaviour);
    try {
      const started = Date.now();
      const failure = await openDatabase(`postgresql://pp:hunter2-secret@127.0.0.1:${listener.port}/pp`, "test", undefined).then(
        () => null,
        (error: unknown) => error as Error,
      );
      expect(failure?.name).toBe("DatabaseUnreachableError");
      expect(failure?.message).toMatch(words);
      expect(failure?.message).toContain(`postgresql://****@127.0.0.1:${listener.port}/pp`);
      expect(failure?.message).not.toContain("hunter2");
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await listener.close();
    }
  });
});

describe("a hub alone on PostgreSQL through an outage", () => {
  let relay: Relay;
  let test: TestService;
  let service: MonitorService;
  let url: string;

  beforeAll(async () => {
    const direct = await cluster.createDatabase("pp_outage");
    relay = await startRelay(cluster.port);
    url = direct.replace(`:${cluster.port}/`, `:${relay.port}/`);
    const targets = [0, 1, 2, 3].map((i) => `  - name: t${i}\n    baseUrl: ${api.baseUrl("ok")}\n    apiKey: ${api.apiKey}\n    model: gpt-4o-mini\n    probe: models`).join("\n");
    test = await startTestService(`intervalSeconds: 5\ntargets:\n${targets}\nproxies:\n  - name: direct\n    url: direct\n`, { databaseUrl: url, runScheduler: true });
    service = test.service;
  }, 60_000);

  afterAll(async () => {
    relay?.set("pass");
    await test?.stop();
    await relay?.close();
  });

  const stored = async () => {
    const client = new pg.Client({ connectionString: url.replace(`:${relay.port}/`, `:${cluster.port}/`) });
    await client.connect();
    try {
      return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "ProbeResult"`)).rows[0]!.n);
    } finally {
      await client.end();
    }
  };

  it("answers /readyz within about 2 s while the server hangs, naming the cause", { timeout: 60_000 }, async () => {
    relay.set("freeze");
    try {
      const started = Date.now();
      const readiness = await checkReadiness(service.health, Date.now() + 10_000);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(readiness).toMatchObject({ status: "fail", checks: { storage: { ok: false, failing: expect.arrayContaining(["no answer (the database did not answer within 2 s)"]) } } });
    } finally {
      relay.set("pass");
    }
  });

  it("goes on probing while the server is down, and stores every result once it is back", { timeout: 90_000 }, async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      // Settled: every route probed and stored at least once.
      await vi.waitFor(async () => expect(await stored()).toBeGreaterThanOrEqual(4), { timeout: 20_000, interval: 500 });
      relay.set("refuse");
      const downAt = Date.now();
      const requestsAtDown = api.requestTimes.length;
      // Longer than the shard leases' time to live (2.5 s at a 5 s interval): a lapse would stop the probes.
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      const probedWhileDown = api.requestTimes.slice(requestsAtDown).filter((at) => at > downAt + 4000).length;
      // Four routes every 5 s: about eight probes in those 8 s.
      expect(probedWhileDown).toBeGreaterThanOrEqual(4);
      expect(service.writer.heldCount).toBeGreaterThan(0);
      const beforeRecovery = await stored();
      const probedBeforeRecovery = api.requestTimes.length;
      relay.set("pass");
      await vi.waitFor(() => expect(service.writer.heldCount).toBe(0), { timeout: 30_000, interval: 200 });
      // Everything probed during the outage is in the database now.
      expect(await stored()).toBeGreaterThanOrEqual(beforeRecovery + (probedBeforeRecovery - requestsAtDown));
      expect(errors.mock.calls.flat().join("\n") + warnings.mock.calls.flat().join("\n")).not.toContain("hunter2");
    } finally {
      errors.mockRestore();
      warnings.mockRestore();
    }
  });
});
