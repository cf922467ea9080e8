import { rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as channelTestApi from "@/app/api/notifications/[id]/test/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import { startMonitorService, type MonitorService } from "@/lib/monitoring/monitor-service";
import { DeliveryLanes } from "@/lib/notifications/delivery-lanes";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { SecretBox } from "@/lib/secrets/secret-box";
import { makeResult } from "../helpers/make-result";
import { startHangingReceiver, startReceiver } from "../helpers/receivers";
import { createTempDatabase } from "../helpers/temp-database";
import { call, startTestService, type TestService } from "../helpers/test-service";

let T = Date.now();
async function record(service: MonitorService, proxy: string, kinds: OutcomeKind[]) {
  const route = service.catalog.list().find((r) => r.proxyName === proxy)!;
  for (const kind of kinds) {
    T = Math.max(T + 10, Date.now());
    await service.writer.write({ routeId: route.id, targetId: route.targetId, result: makeResult(kind, T) });
  }
}
/** Waits for a condition; the test's own timeout bounds it (the assertions that follow check the order of events). */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const routeYaml = (proxies: string[], alerts = "") => `
alerts:
  downAfterFailures: 2
  upAfterSuccesses: 1
${alerts}
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-faults-test
proxies:
${proxies.map((name, i) => `  - name: ${name}\n    url: http://127.0.0.1:${9301 + i}`).join("\n")}
`;

describe("a channel whose receiver never answers", () => {
  let stuck: Awaited<ReturnType<typeof startHangingReceiver>>;
  let healthy: Awaited<ReturnType<typeof startReceiver>>;
  let test: TestService;
  let service: MonitorService;
  const stuckDown = (db: Sqlite = service.sqlite!) =>
    db
      .prepare(`SELECT m.eventKey, m.status, m.attempts, m.lastError FROM "OutboxMessage" m JOIN "NotificationChannel" c ON c.id = m.channelId WHERE c.name = 'stuck' AND m.event = 'route.down'`)
      .get() as { eventKey: string; status: string; attempts: number; lastError: string | null };

  beforeAll(async () => {
    stuck = await startHangingReceiver();
    healthy = await startReceiver();
    // "stuck" comes first, so a single queue would always serve it first.
    test = await startTestService(
      `${routeYaml(["clash", "wobbly"], "  degradedAfterMinutes: 0.02")}notifications:
  - name: stuck
    type: webhook
    url: ${stuck.url}/hook
  - name: healthy
    type: webhook
    url: ${healthy.url}/hook
`,
      { deliveryIntervalMs: 100, deliveryPolicy: { baseDelayMs: 40, maxAttempts: 5, claimMs: 60_000 } },
    );
    service = test.service;
  });

  afterAll(async () => {
    await stuck.close();
    await healthy.close();
    rmSync(test.dir, { recursive: true, force: true });
  });

  it("holds up no other channel: the healthy one gets its route.down while the hung send is still waiting", async () => {
    await record(service, "clash", ["ok", "proxy_unreachable", "proxy_unreachable"]);
    await until(() => healthy.received.some((entry) => entry.json.event === "route.down"));
    // The hung channel was served at the same time, and its send has not timed out yet.
    expect(stuck.open()).toBe(1);
    expect(stuckDown()).toMatchObject({ status: "sending", attempts: 0, lastError: null });
  }, 30_000);

  it("keeps alert ticks going while a send hangs: a lasting degradation is announced meanwhile", async () => {
    const before = stuckDown();
    await record(service, "wobbly", ["ok", "proxy_unreachable"]);
    await until(() => healthy.received.some((entry) => entry.json.event === "route.degraded" && entry.json.route.proxyName === "wobbly"));
    // Announced by a tick (after 1.2 s of degradation) while the hung send was still waiting.
    expect(stuckDown()).toEqual(before);
    expect(stuck.open()).toBe(1);
  }, 30_000);

  it("answers Send test on another channel at once, straight from that channel", async () => {
    const before = stuckDown();
    const healthyId = (service.sqlite!.prepare(`SELECT id FROM "NotificationChannel" WHERE name = 'healthy'`).get() as { id: number }).id;
    const sent = await call(channelTestApi.POST, { method: "POST", params: { id: String(healthyId) } });
    expect(sent.status).toBe(200);
    expect(sent.json.delivery).toMatchObject({ channel: "healthy", event: "test", status: "sent", attempts: 1, lastError: null });
    expect(healthy.received.at(-1)!.json.event).toBe("test");
    // Answered while the hung send was still waiting.
    expect(stuckDown()).toEqual(before);
    expect(stuck.open()).toBe(1);
  }, 30_000);

  it("does not hold up stop(): the hung message stays queued untouched and a restart delivers it", async () => {
    await until(() => stuck.open() === 1 && stuckDown().status === "sending");
    const before = stuckDown();
    await service.stop(10_000);
    const dbFile = join(test.dir, "pp.db");
    const db = openSqlite(dbFile);
    // Stopped before the hung send's own timeout fired: no attempt counted, no error recorded, back in the queue.
    expect(stuckDown(db)).toMatchObject({ eventKey: before.eventKey, status: "pending", attempts: before.attempts, lastError: before.lastError });
    db.close();

    stuck.answer(true);
    const arrivedBefore = stuck.received.length;
    const restarted = await startMonitorService({
      environment: { DATABASE_URL: `file:${dbFile}`, PROXYPULSE_ADMIN_TOKEN: "restart-admin-token-0123456789abcdef", PATH: process.env.PATH },
      runScheduler: false,
      cwd: test.dir,
      deliveryIntervalMs: 3_600_000,
    });
    await restarted.deliverNow();
    // The hung message first, then what queued behind it on that channel, in order.
    expect(stuck.received.slice(arrivedBefore).map((entry) => entry.headers["x-proxypulse-event-id"])).toEqual([before.eventKey, expect.stringMatching(/:degraded:/)]);
    expect(stuckDown(restarted.sqlite!)).toMatchObject({ status: "sent", attempts: 1 });
    await restarted.stop(1000);
  }, 30_000);
});

describe("an alert that fails after its results are stored", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let test: TestService;
  const proxies = ["settings", "state", "outbox"];

  beforeAll(async () => {
    receiver = await startReceiver();
    test = await startTestService(`${routeYaml(proxies)}notifications:
  - name: hook
    type: webhook
    url: ${receiver.url}/hook
`, { deliveryIntervalMs: 3_600_000 });
  });

  afterAll(async () => {
    await test.stop();
    await receiver.close();
  });

  afterEach(() => vi.restoreAllMocks());

  // Each case takes away a table the alert path needs, for one pass: the
  // settings (its cursor, read first; the rules and maintenance windows are
  // kept in memory, lib/settings/kept-settings.ts), the alert state (read and
  // written half-way through), the outbox (written last).
  it.each([
    ["settings", "Setting"],
    ["state", "AlertState"],
    ["outbox", "OutboxMessage"],
  ])("is logged and still sent on the next tick when the %s step throws", async (proxy, table) => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const sqlite = test.service.sqlite!;
    const routeId = test.service.catalog.list().find((r) => r.proxyName === proxy)!.id;
    const queued = () => (sqlite.prepare(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE eventKey LIKE ? AND event = 'route.down'`).get(`route:${routeId}:%`) as { n: number }).n;

    sqlite.exec(`ALTER TABLE "${table}" RENAME TO "${table}_away"`);
    try {
      await record(test.service, proxy, ["ok", "proxy_unreachable", "proxy_unreachable"]);
      // The alert pass runs after the results are stored, on its own: the table stays away until it has run.
      await test.service.alertsIdle();
    } finally {
      sqlite.exec(`ALTER TABLE "${table}_away" RENAME TO "${table}"`);
    }
    expect(errors.mock.calls.map((args) => String(args[0])).join("\n")).toMatch(/handling state changes failed after the results were stored.*no such table/);
    expect(queued()).toBe(0);

    await test.service.deliverNow();
    expect(queued()).toBe(1);
    const delivered = receiver.received.filter((entry) => entry.json.event === "route.down" && entry.json.route.proxyName === proxy);
    expect(delivered).toHaveLength(1);
  });
});

describe("delivery lanes", () => {
  it("send each channel's messages in order, one at a time and each once, with two processes delivering at once", async () => {
    // A receiver that takes a while per message and notes how many it holds at once.
    const arrived: Array<{ channel: string; id: string }> = [];
    const inFlight = new Map<string, number>();
    let most = { perChannel: 0, overall: 0 };
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const channel = request.url!.slice(1);
        arrived.push({ channel, id: (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string }).id });
        inFlight.set(channel, (inFlight.get(channel) ?? 0) + 1);
        const overall = [...inFlight.values()].reduce((a, b) => a + b, 0);
        most = { perChannel: Math.max(most.perChannel, inFlight.get(channel)!), overall: Math.max(most.overall, overall) };
        setTimeout(() => {
          inFlight.set(channel, inFlight.get(channel)! - 1);
          response.writeHead(200).end();
        }, 30);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const temp = await createTempDatabase();
    const box = new SecretBox(Buffer.alloc(32, 3));
    const channels = ["a", "b", "c"];
    for (const name of channels) await temp.db.notificationChannel.create({ data: { name, type: "webhook", settingsSecret: box.seal(JSON.stringify({ url: `${url}/${name}` })) } });
    const processes = [new SqliteStore(openSqlite(temp.path)), new SqliteStore(openSqlite(temp.path))];
    const keys = ["m1", "m2", "m3", "m4"];
    for (const key of keys) {
      const now = Date.now();
      await enqueueNotification(processes[0]!.outbox, { id: key, event: "test", route: null, target: null, kind: null, hint: null, at: new Date(now).toISOString(), url, state: null, previousState: null, durationMs: null, flaps: 0, quota: null }, key, now);
    }
    const policy = { baseDelayMs: 10, maxAttempts: 3, claimMs: 60_000 };
    const lanes = processes.map((store) => new DeliveryLanes(store.outbox, box, { policy, maxChannels: 2, messagesPerLane: 2 }));
    while (arrived.length < channels.length * keys.length) {
      await Promise.all(lanes.map((lane) => lane.fill()));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(lanes.map((lane) => lane.idle()));

    for (const name of channels) expect(arrived.filter((entry) => entry.channel === name).map((entry) => entry.id)).toEqual(keys);
    expect(arrived).toHaveLength(channels.length * keys.length);
    expect(most.perChannel).toBe(1);
    expect(most.overall).toBeLessThanOrEqual(2 * 2);
    for (const store of processes) await store.close();
    await temp.cleanup();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe("delivery on a database that cannot be written", () => {
  it("reports to the storage health (one line for the outage), not an error line per tick; the message goes out when writes work again", async () => {
    const receiver = await startReceiver();
    const test = await startTestService(
      `${routeYaml(["clash"])}notifications:
  - name: hook
    type: webhook
    url: ${receiver.url}/hook
`,
      // Ticks only when the test asks (deliverNow).
      { deliveryIntervalMs: 3_600_000, deliveryPolicy: { baseDelayMs: 40, maxAttempts: 5, claimMs: 60_000 } },
    );
    const { service } = test;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const infos = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const now = Date.now();
      const payload = { id: "evt-readonly", event: "route.down" as const, route: null, target: null, kind: null, hint: null, at: new Date(now).toISOString(), url: "http://localhost:3000", state: null, previousState: null, durationMs: null, flaps: 0, quota: null };
      expect(await enqueueNotification(service.store.outbox, payload, "evt-readonly", now)).toBe(1);
      // A route event stored but not yet alerted on (the disk filled between the two): each tick's alert pass tries to write.
      const route = service.catalog.list()[0]!;
      service.sqlite!.prepare(`INSERT INTO "RouteEvent" (routeId, at, fromState, toState, kind, message) VALUES (?, ?, 'up', 'down', 'timeout', NULL)`).run(route.id, now);
      service.sqlite!.prepare(`UPDATE "Route" SET state = 'down', stateChangedAt = ? WHERE id = ?`).run(now, route.id);
      // Every write fails as on a read-only file (reads still work, so the message is seen as due).
      service.sqlite!.pragma("query_only = 1");
      for (let tick = 0; tick < 3; tick++) await service.deliverNow();
      const lines = errors.mock.calls.map((args) => args.map(String).join(" "));
      expect(lines.filter((line) => /notification delivery/.test(line))).toEqual([]);
      expect(lines.filter((line) => /cannot write to the database: SQLITE_READONLY/.test(line))).toHaveLength(1);
      expect(infos.mock.calls.map((args) => args.map(String).join(" ")).filter((line) => /database writes work again/.test(line))).toEqual([]);
      expect(service.health.storage.status().ok).toBe(false);
      expect(receiver.received).toHaveLength(0);

      service.sqlite!.pragma("query_only = 0");
      await service.deliverNow();
      expect(receiver.received.map((entry) => entry.json.id)).toContain("evt-readonly");
      expect(service.health.storage.status()).toMatchObject({ ok: true, failures: [] });
    } finally {
      service.sqlite!.pragma("query_only = 0");
      errors.mockRestore();
      infos.mockRestore();
      await test.stop();
      await receiver.close();
    }
  });
});

describe("the alert pass on a database that cannot be written", () => {
  it("is one storage failure for the whole outage, not 'cannot write' and 'work again' on every tick", async () => {
    const test = await startTestService(routeYaml(["clash"]), { deliveryIntervalMs: 3_600_000 });
    const { service } = test;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const infos = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const lines = (spy: typeof errors, pattern: RegExp) => spy.mock.calls.map((args) => args.map(String).join(" ")).filter((line) => pattern.test(line));
    try {
      // A route event stored but not yet alerted on (the disk filled between the two): each tick's alert pass tries to write.
      const route = service.catalog.list()[0]!;
      service.sqlite!.prepare(`INSERT INTO "RouteEvent" (routeId, at, fromState, toState, kind, message) VALUES (?, ?, 'up', 'down', 'timeout', NULL)`).run(route.id, Date.now());
      service.sqlite!.pragma("query_only = 1");
      for (let tick = 0; tick < 3; tick++) await service.deliverNow();
      expect(lines(errors, /cannot write to the database/)).toHaveLength(1);
      expect(lines(infos, /database writes work again/)).toEqual([]);
      expect(service.health.storage.status().ok).toBe(false);
      service.sqlite!.pragma("query_only = 0");
      await service.deliverNow();
      expect(lines(infos, /database writes work again/)).toHaveLength(1);
      expect(service.health.storage.status().ok).toBe(true);
    } finally {
      service.sqlite!.pragma("query_only = 0");
      errors.mockRestore();
      infos.mockRestore();
      await test.stop();
    }
  });
});
