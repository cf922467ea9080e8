import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markAgentSeen, markSilentAgentsOffline } from "@/lib/agent/hub/agent-presence";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { DEFAULT_ALERT_RULES } from "@/lib/config/config-schema";
import type { AlertPassStore, AlertStore } from "@/lib/db/store/alert-store";
import { createPgPool } from "@/lib/db/store/postgres/pg-pool";
import { PostgresStore } from "@/lib/db/store/postgres/postgres-store";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import type { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";
import type { Store } from "@/lib/db/store/store";
import { AlertEngine } from "@/lib/notifications/alert-engine";
import { makeResult } from "../../helpers/make-result";
import { startTwoEngines, type TwoEngines } from "../../helpers/two-engines";

/**
 * Alerts on PostgreSQL against SQLite's (the specification): the real alert
 * engine and agents' presence alerts run over both stores on the same
 * results, flips and settings, and must queue the same messages and keep the
 * same alert states; every read an alert pass makes answers alike, over
 * pairs probed from several locations (online, offline, revoked, unassigned
 * rows, quorum via minLocations). On PostgreSQL, two hub processes running
 * passes at once over the same new events handle each event once.
 */
let two: TwoEngines;
const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
const T0 = Date.UTC(2026, 10, 28, 9, 50, 0);
const STEP = 60_000;

/** Locations: the hub (1), then tokyo (2, online), frankfurt (3, online, silent), sydney (4, offline), old (5, revoked). */
const AGENTS = [
  { name: "tokyo", online: true, lastSeenAt: T0 + 3_600_000 },
  { name: "frankfurt", online: true, lastSeenAt: T0 - 120_000 },
  { name: "sydney", online: false, lastSeenAt: T0 - 500_000 },
  { name: "old", online: false, lastSeenAt: T0 - 900_000, revokedAt: T0 - 800_000 },
];

/**
 * Route rows: the hub's row of each of the nine pairs (ids 1…9, id =
 * (target - 1) * 3 + proxy), then rows at agents' locations: [proxy, target, location, assigned].
 */
const AGENT_ROWS: Array<[number, number, number, boolean]> = [
  [1, 2, 2, true], [1, 2, 3, true], // pair 4: hub, tokyo, frankfurt (frankfurt goes silent)
  [2, 1, 2, true], [2, 1, 4, true], // pair 2: hub, tokyo, sydney (offline, back later)
  [1, 3, 2, false], // pair 7: an unassigned row, so probed from the hub alone
  [3, 3, 2, true], [3, 3, 3, true], [3, 3, 4, true], // pair 9: four locations
  [2, 2, 2, true], [2, 2, 3, true], // pair 5: its hub row unassigned below
  [3, 1, 5, true], // pair 3: a revoked location's row
];
const ROUTES = 9 + AGENT_ROWS.length;

let minLocations: number | undefined;
const readConfig = async () => ({ maintenance: [], publicUrl: "https://pp.example.test", alerts: { ...DEFAULT_ALERT_RULES, cooldownMinutes: 5, degradedAfterMinutes: 3, quotaWarnPercent: 20 }, minLocations });

beforeAll(async () => {
  two = await startTwoEngines("pp_alerts");
  for (const prisma of two.prismas) {
    for (const [i, type] of ["webhook", "slack"].entries()) await prisma.notificationChannel.create({ data: { name: `c${i + 1}`, type, settingsSecret: `sealed-${i}`, lang: i ? "zh" : "en" } });
    for (const { lastSeenAt, revokedAt, ...agent } of AGENTS) {
      await prisma.location.create({ data: { ...agent, kind: "agent", region: null, lastSeenAt: new Date(lastSeenAt), revokedAt: revokedAt ? new Date(revokedAt) : null } });
    }
    for (const [i, slowAboveMs] of [250, null, null].entries()) {
      await prisma.target.create({ data: { name: `t${i + 1}`, baseUrl: `https://api${i}.test/v1`, model: "m", slowAboveMs, slowWindow: slowAboveMs ? 3 : null } });
    }
    for (const name of ["direct", "clash", "socks"]) await prisma.proxy.create({ data: { name, url: name === "direct" ? "direct" : "http://127.0.0.1:7890" } });
    for (let targetId = 1; targetId <= 3; targetId++) for (let proxyId = 1; proxyId <= 3; proxyId++) await prisma.route.create({ data: { proxyId, targetId } });
    for (const [proxyId, targetId, locationId, assigned] of AGENT_ROWS) await prisma.route.create({ data: { proxyId, targetId, locationId, assigned } });
    await prisma.route.update({ where: { id: 5 }, data: { assigned: false } });
  }
}, 120_000);

afterAll(async () => {
  await two?.close();
});

/** A deterministic pseudo-random sequence (the same on both engines, and on every run). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const random = lcg(42);
const targetOf = (routeId: number) => (routeId <= 9 ? Math.ceil(routeId / 3) : AGENT_ROWS[routeId - 10]![1]);

/** One probe of every route at `step`: each route goes through bad spells (mostly failures), at its own times. */
function batch(step: number): ResultToRecord[] {
  return Array.from({ length: ROUTES }, (_, i) => {
    const routeId = i + 1;
    const bad = (step + routeId * 5) % 13 < 5;
    const roll = random();
    const kind: OutcomeKind = bad ? (roll < 0.8 ? (routeId % 2 ? "timeout" : "proxy_unreachable") : "ok") : roll < 0.9 ? "ok" : "rate_limited";
    const withQuota = routeId % 4 === 0;
    const result = makeResult(kind, T0 + step * STEP + routeId * 100, kind === "ok" ? 80 + Math.floor(random() * 400) : 15_000, {
      quota: {
        limitRequests: withQuota ? 1000 : null,
        remainingRequests: withQuota ? Math.floor(random() * 400) : null,
        resetRequestsMs: null,
        limitTokens: null,
        remainingTokens: null,
        resetTokensMs: null,
        retryAfterMs: null,
      },
    });
    return { routeId, targetId: targetOf(routeId), result };
  });
}

/** The store as the presence alerts take it: they use only its presence and alerts areas, which the PostgreSQL store has. */
function asStore(store: SqliteStore | PostgresStore): Store {
  return store as unknown as Store;
}

/** Every row alerts write, comparable across engines (times in ms, booleans as 0/1). */
async function dump(index: number): Promise<Record<string, unknown[]>> {
  const queries: Record<string, string> = {
    // createdAt and nextAttemptAt left out: the engine queues at the wall clock's now. By event rather than id: see byRoute.
    outbox: `SELECT "channelId", "eventKey", event, payload, status, attempts FROM "OutboxMessage" ORDER BY "eventKey" ${index ? 'COLLATE "C"' : ""}, "channelId"`,
    alertStates: `SELECT key, "lastSentAt", suppressed, level FROM "AlertState" ORDER BY key ${index ? 'COLLATE "C"' : ""}`,
    settings: `SELECT key, value FROM "Setting" ORDER BY key ${index ? 'COLLATE "C"' : ""}`,
    routes: `SELECT id, state, "stateChangedAt", "lastKind" FROM "Route" ORDER BY id`,
    locations: `SELECT id, online, "lastSeenAt" FROM "Location" ORDER BY id`,
    events: `SELECT id, "routeId", at, "toState" FROM "RouteEvent" ORDER BY id`,
  };
  const normal = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "boolean" ? Number(value) : value]));
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(queries)) out[table] = (index === 0 ? (two.sqlite.prepare(sql).all() as Array<Record<string, unknown>>) : (await two.pool.query(sql)).rows).map(normal);
  return out;
}

/**
 * Lasting degradations and folded route alerts in route order: SQLite
 * returns them in its AlertState rows' storage order (rowids, which each
 * INSERT OR REPLACE renews), which means nothing and which PostgreSQL has no
 * twin of; PostgreSQL returns them by route id (degradations) and key
 * (folded alerts). The messages a tick queues from them may follow in
 * another order (different routes: independent messages).
 */
function byRoute<T extends { routeId: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => a.routeId - b.routeId);
}

/** The same read on both engines' pass stores; the answers must be equal. */
async function both<T>(read: (alerts: AlertPassStore) => Promise<T>): Promise<T> {
  const onSqlite = await read(two.stores[0].alerts);
  const onPostgres = await read(two.stores[1].alerts);
  expect(onPostgres, read.toString()).toEqual(onSqlite);
  return onSqlite;
}

describe("alerts on PostgreSQL do what they do on SQLite", () => {
  let engines: AlertEngine[];

  it("the alert engine and presence alerts queue the same messages and keep the same states", { timeout: 120_000 }, async () => {
    engines = [await AlertEngine.start(two.stores[0].alerts, readConfig), await AlertEngine.start(two.stores[1].alerts, readConfig)];
    for (let step = 0; step < 36; step++) {
      const now = T0 + step * STEP + 30_000;
      const items = batch(step);
      for (const store of two.stores) await store.results.record(items, thresholds, now);
      for (const engine of engines) await engine.processNewEvents();
      if (step % 3 === 2) for (const engine of engines) await engine.tick(now);
      // Frankfurt goes silent; sydney comes back; the quorum changes; a location is placed.
      if (step === 8) for (const store of two.stores) await markSilentAgentsOffline(asStore(store), now, "https://pp.example.test", { offlineAfterMs: 60_000, listeningSince: T0 - 3_600_000, cooldownMs: 300_000 });
      if (step === 14) for (const store of two.stores) await markAgentSeen(asStore(store), { id: 4, name: "sydney", region: null }, now, "https://pp.example.test", 300_000);
      if (step === 20) minLocations = 2;
      if (step === 26) for (const prisma of two.prismas) await prisma.route.update({ where: { id: 14 }, data: { assigned: true } });
      if (step === 30) minLocations = 1;
    }
    const [a, b] = [await dump(0), await dump(1)];
    const events = new Set(a.outbox!.map((row) => (row as { event: string }).event));
    expect([...events].sort()).toEqual(expect.arrayContaining(["agent.offline", "agent.online", "route.degraded", "route.down", "route.up"]));
    expect(a.alertStates!.some((row) => (row as { key: string }).key.startsWith("pair:"))).toBe(true);
    expect(b).toEqual(a);
  });

  it("answers every read of an alert pass alike", { timeout: 60_000 }, async () => {
    const events = await both((s) => s.eventsAfter(0, 10_000));
    expect(events.length).toBeGreaterThan(40);
    await both((s) => s.eventsAfter(events[7]!.id, 9));
    expect(await both((s) => s.eventsAfter(events.at(-1)!.id, 10))).toEqual([]);
    await both((s) => s.eventCursor());
    for (const event of events.filter((_, i) => i % 3 === 0)) {
      await both((s) => s.previousEventAt(event.routeId, event.at));
      for (const routeId of [event.routeId, 4, 9, 12, 15, 18]) await both((s) => s.stateAtEvent(routeId, event.id));
    }
    expect(await both((s) => s.stateAtEvent(99, 1))).toBeUndefined();
    for (let routeId = 1; routeId <= ROUTES + 1; routeId++) {
      await both((s) => s.pairPlacement(routeId));
      await both((s) => s.pairRows(routeId));
      await both((s) => s.routeState(routeId));
      await both((s) => s.route(routeId));
      if (routeId <= ROUTES) await both((s) => s.lastKind(routeId));
    }
    // The hub's row first, then by location name.
    expect((await both((s) => s.pairRows(9))).map((row) => row.id)).toEqual([9, 16, 17, 15]);
    for (const targetId of [1, 2, 3, 9]) await both((s) => s.routesOfTarget(targetId));
    for (const quorum of [null, 1, 2, 3, 9]) expect((await both((s) => s.pairStates(quorum))).length).toBeGreaterThan(2);
    await both((s) => s.placementFingerprint());
    await both((s) => s.quotaReadings());
    for (const offset of [-10, 0, 5, 15, 40]) {
      await both(async (s) => byRoute(await s.lastingDegradations(T0 + offset * STEP)));
      await both(async (s) => byRoute(await s.foldedRouteAlerts(T0 + offset * STEP)));
    }
    for (const key of ["route:1", "route:4", "pair:9", "agent:3", "quota:1", "none"]) await both((s) => s.readState(key));
  });

  it("writes alert states, pair states and the cursor alike", async () => {
    const sequence = async (s: AlertPassStore) => {
      await s.saveState("route:77", { level: "down", lastSentAt: T0, suppressed: 2 });
      await s.saveState("route:77", { level: null, lastSentAt: null, suppressed: 0 });
      await s.savePairState({ pairId: 4, state: "degraded", changedAt: T0 - 600_000 });
      await s.savePairState({ pairId: 4, state: "down", changedAt: null });
      await s.savePairState({ pairId: 9, state: "degraded", changedAt: null });
      await s.savePairState({ pairId: 88, state: "up", changedAt: null });
      await s.saveEventCursor(3);
      await s.startEventCursor();
      return [await s.readState("route:77"), await s.readState("pair:4"), await s.readState("pair:88"), await s.eventCursor(), byRoute(await s.lastingDegradations(T0 + 100 * STEP)), await s.placementFingerprint()];
    };
    await both(sequence);
    expect(await dump(1)).toEqual(await dump(0));
    const before = await both((s) => s.placementFingerprint());
    for (const store of two.stores) await store.presence.markOffline(2);
    expect(await both((s) => s.placementFingerprint())).not.toBe(before);
  });

  it("a pass is all or nothing, and a pass inside a pass is refused, alike", async () => {
    for (const store of two.stores) {
      const failing = store.alerts.transaction(async (tx) => {
        await tx.alerts.saveState("route:66", { level: "down", lastSentAt: T0, suppressed: 0 });
        await tx.outbox.enqueue({ eventKey: "route:66:x", event: "route.down", payloadJson: "{}", now: T0 });
        await tx.presence.markOffline(4);
        throw new Error("the pass failed");
      });
      await expect(failing).rejects.toThrow("the pass failed");
      const nested = store.alerts.transaction(async (tx) => {
        await tx.alerts.saveState("route:67", { level: "down", lastSentAt: T0, suppressed: 0 });
        return store.alerts.transaction(async () => 1);
      });
      await expect(nested).rejects.toThrow("cannot start inside another transaction");
    }
    const [a, b] = [await dump(0), await dump(1)];
    expect(a.alertStates!.some((row) => ["route:66", "route:67"].includes((row as { key: string }).key))).toBe(false);
    expect(a.outbox!.some((row) => (row as { eventKey: string }).eventKey === "route:66:x")).toBe(false);
    expect(b).toEqual(a);
    expect(await both((s) => s.readState("route:66"))).toEqual({ lastSentAt: null, suppressed: 0, level: null });
  });

  it("on PostgreSQL, two processes running alert passes at once over the same new events handle each once", { timeout: 60_000 }, async () => {
    // Both engines past the events so far, then new ones on both engines' databases.
    for (const store of two.stores) await store.alerts.saveEventCursor(Number.MAX_SAFE_INTEGER);
    for (const store of two.stores) await store.alerts.saveEventCursor((await store.alerts.eventsAfter(0, 100_000)).at(-1)!.id);
    minLocations = undefined;
    const fresh: number[] = [];
    for (let step = 36; step < 44; step++) {
      const items = batch(step);
      for (const store of two.stores) await store.results.record(items, thresholds, T0 + step * STEP + 30_000);
    }
    fresh.push(...(await two.stores[1].alerts.eventsAfter(await two.stores[1].alerts.eventCursor(), 10_000)).map((event) => event.id));
    expect(fresh.length).toBeGreaterThan(5);
    await engines[0]!.processNewEvents();

    // Two hub processes (a pool each); each pass, once it has read the new events, waits until the other pass has too, or is seen waiting for the lock.
    const handled: number[][] = [];
    let reached = 0;
    const lockWaiter = async () => (await two.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)).rows[0]!.n > 0;
    const gate = async () => {
      reached++;
      while (reached < 2 && !(await lockWaiter())) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const hubs = [new PostgresStore(createPgPool(two.pgUrl)), new PostgresStore(createPgPool(two.pgUrl))];
    try {
      const racing = await Promise.all(hubs.map((hub) => AlertEngine.start(overlapping(hub.alerts, handled, gate), readConfig)));
      await Promise.all(racing.map((engine) => engine.processNewEvents()));
      expect(handled.flat().sort((x, y) => x - y)).toEqual(fresh);
      const [a, b] = [await dump(0), await dump(1)];
      expect(b.outbox!.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
    } finally {
      for (const hub of hubs) await hub.close();
    }
  });
});

/** The store with its passes' `eventsAfter` recording what each pass got and then waiting at `gate` (to make two passes overlap). */
function overlapping(store: AlertStore, handled: number[][], gate: () => Promise<void>): AlertStore {
  const gated = (alerts: AlertPassStore): AlertPassStore =>
    new Proxy(alerts, {
      get(target, property) {
        if (property === "eventsAfter") {
          return async (cursor: number, limit: number) => {
            const rows = await target.eventsAfter(cursor, limit);
            handled.push(rows.map((row) => row.id));
            await gate();
            return rows;
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(store, {
    get(target, property) {
      if (property === "transaction") return ((work) => target.transaction((tx) => work({ ...tx, alerts: gated(tx.alerts) }))) satisfies AlertStore["transaction"];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
