import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KIND_CODES, kindFromCode } from "@/lib/classify/kind-codes";
import type { OutcomeKind } from "@/lib/classify/kinds";
import type { Store } from "@/lib/db/store/store";
import { quantile, parseHistogram } from "@/lib/monitoring/latency-histogram";
import { ResultWriter } from "@/lib/monitoring/result-writer";
import { makeResult } from "../helpers/make-result";
import { readRow, readRows, readValue, runSql, sqlTime } from "../helpers/read-rows";
import { createTestStore, type TestStore } from "../helpers/test-store";

// On SQLite, and on PostgreSQL in the "postgresql" project (vitest.config.ts).
const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
let temp: TestStore;
let store: Store;
let routeId: number;
let targetId: number;

beforeEach(async () => {
  temp = await createTestStore();
  store = temp.store;
  const target = await temp.prisma.target.create({ data: { name: "t", baseUrl: "https://api.test/v1", model: "m" } });
  const proxy = await temp.prisma.proxy.create({ data: { name: "p", url: "direct" } });
  const route = await temp.prisma.route.create({ data: { proxyId: proxy.id, targetId: target.id } });
  routeId = route.id;
  targetId = target.id;
});

afterEach(async () => {
  await temp.cleanup();
});

/** A result's minute or hour bucket in each dialect (SQLite keeps integer ms, PostgreSQL timestamps). */
const bucketOf = (size: number) => ({ sqlite: `(at / ${size}) * ${size}`, postgresql: `date_trunc('${size === 60_000 ? "minute" : "hour"}', at)` });
const inBothDialects = (size: number, sql: (bucket: string) => string) => ({ sqlite: sql(bucketOf(size).sqlite), postgresql: sql(bucketOf(size).postgresql) });
const count = async (table: string) => readValue<number>(store, `SELECT COUNT(*) AS n FROM "${table}"`);

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const KINDS: OutcomeKind[] = ["ok", "ok", "ok", "timeout", "ok", "rate_limited", "ok", "proxy_unreachable", "ok", "ok"];

describe("recordResults", () => {
  it("keeps minute and hour rollups equal to aggregates of the raw rows", async () => {
    const batch = Array.from({ length: 400 }, (_, i) => {
      const kind = KINDS[i % KINDS.length]!;
      return { routeId, targetId, result: makeResult(kind, T0 + i * 17_000, kind === "ok" ? 50 + ((i * 37) % 400) : 15_000) };
    });
    await store.results.record(batch.slice(0, 150), thresholds, Date.now());
    await store.results.record(batch.slice(150), thresholds, Date.now());

    for (const [table, size] of [["RollupMinute", 60_000], ["RollupHour", 3_600_000]] as const) {
      const expected = await readRows(
        store,
        inBothDialects(
          size,
          (bucket) => `SELECT ${bucket} AS bucket, COUNT(*) AS total, SUM(CASE WHEN ok THEN 1 ELSE 0 END) AS "okCount",
             SUM(CASE WHEN ok THEN "totalMsX100" ELSE 0 END) / 100.0 AS "latencySumMs",
             MIN(CASE WHEN ok THEN "totalMsX100" END) / 100.0 AS "latencyMinMs", MAX(CASE WHEN ok THEN "totalMsX100" END) / 100.0 AS "latencyMaxMs",
             SUM(CASE WHEN ok THEN "tlsMsX100" ELSE 0 END) / 100.0 AS "tlsSumMs"
           FROM "ProbeResult" WHERE "routeId" = ? GROUP BY bucket ORDER BY bucket`,
        ),
        [routeId],
      );
      const actual = await readRows(store, `SELECT bucket, total, "okCount", "latencySumMs", "latencyMinMs", "latencyMaxMs", "tlsSumMs" FROM "${table}" WHERE "routeId" = ? ORDER BY bucket`, [routeId]);
      expect(actual).toEqual(expected);
      const kindRows = (
        await readRows<{ bucket: number; kindCode: number; n: number }>(store, inBothDialects(size, (bucket) => `SELECT ${bucket} AS bucket, "kindCode", COUNT(*) AS n FROM "ProbeResult" GROUP BY bucket, "kindCode"`))
      ).map((row) => ({ ...row, kind: kindFromCode(row.kindCode) }));
      const stored = await readRows<{ bucket: number; kindCounts: string; latencyHist: string; okCount: number }>(store, `SELECT bucket, "kindCounts", "latencyHist", "okCount" FROM "${table}"`);
      expect(stored.length).toBeGreaterThan(0);
      for (const row of stored) {
        const counts = JSON.parse(row.kindCounts) as Record<string, number>;
        expect(counts).toEqual(Object.fromEntries(kindRows.filter((k) => k.bucket === row.bucket).map((k) => [k.kind, k.n])));
        const histogramTotal = Object.values(parseHistogram(row.latencyHist)).reduce((a, b) => a + b, 0);
        expect(histogramTotal).toBe(row.okCount);
      }
    }
    const hour = (await readRow<{ latencyHist: string; latencyMinMs: number; latencyMaxMs: number }>(store, `SELECT "latencyHist", "latencyMinMs", "latencyMaxMs" FROM "RollupHour" ORDER BY bucket LIMIT 1`))!;
    const exact = (await readRows<{ totalMs: number }>(store, `SELECT "totalMsX100" / 100.0 AS "totalMs" FROM "ProbeResult" WHERE ok AND at < ? ORDER BY "totalMs"`, [sqlTime(T0 + 3_600_000)])).map((r) => r.totalMs);
    const p95 = quantile(parseHistogram(hour.latencyHist), 0.95, { min: hour.latencyMinMs, max: hour.latencyMaxMs })!;
    const exactP95 = exact[Math.ceil(0.95 * exact.length) - 1]!;
    expect(Math.abs(p95 - exactP95) / exactP95).toBeLessThan(0.1);
  });

  it("moves the route through its states and stores each change as an event", async () => {
    const outcomes: OutcomeKind[] = ["ok", "timeout", "ok", "proxy_unreachable", "proxy_unreachable", "proxy_unreachable", "ok", "ok"];
    const changes = await store.results.record(outcomes.map((kind, i) => ({ routeId, targetId, result: makeResult(kind, T0 + i * 60_000) })), thresholds, Date.now());
    expect(changes.map((c) => `${c.fromState}>${c.toState}`)).toEqual(["unknown>up", "up>degraded", "degraded>down", "down>up"]);
    const events = await readRows(store, `SELECT "fromState", "toState", kind FROM "RouteEvent" ORDER BY at`);
    expect(events).toEqual([
      { fromState: "unknown", toState: "up", kind: null },
      { fromState: "up", toState: "degraded", kind: "timeout" },
      { fromState: "degraded", toState: "down", kind: "proxy_unreachable" },
      { fromState: "down", toState: "up", kind: null },
    ]);
    expect(await readRow(store, `SELECT state, "okStreak", "failStreak", "lastKind", "lastOk" FROM "Route"`)).toEqual({ state: "up", okStreak: 2, failStreak: 0, lastKind: "ok", lastOk: 1 });
  });

  it("opens an incident when the route goes down and closes it, with the dominant kind, when it is up again", async () => {
    const outcomes: OutcomeKind[] = ["ok", "timeout", "proxy_unreachable", "proxy_unreachable", "proxy_unreachable", "timeout", "proxy_unreachable", "ok", "ok", "ok"];
    await store.results.record(outcomes.map((kind, i) => ({ routeId, targetId, result: makeResult(kind, T0 + i * 60_000) })), thresholds, Date.now());
    const incidents = await readRows(store, `SELECT "startedAt", "endedAt", kind FROM "Incident"`);
    expect(incidents).toEqual([{ startedAt: T0 + 3 * 60_000, endedAt: T0 + 8 * 60_000, kind: "proxy_unreachable" }]);
    // A new outage opens a new incident, left open while it lasts.
    await store.results.record([0, 1, 2].map((i) => ({ routeId, targetId, result: makeResult("tls_error", T0 + (20 + i) * 60_000) })), thresholds, Date.now());
    expect(await readRow(store, `SELECT COUNT(*) AS n FROM "Incident" WHERE "endedAt" IS NULL AND kind = 'tls_error'`)).toEqual({ n: 1 });
  });

  it("keeps the latest quota facts per target, flags exhaustion, and keeps numbers a failure did not carry", async () => {
    const quota = { limitRequests: 100, remainingRequests: 42, resetRequestsMs: 1000, limitTokens: 1000, remainingTokens: 900, resetTokensMs: 2000, retryAfterMs: null };
    await store.results.record([{ routeId, targetId, result: makeResult("ok", T0, 100, { quota }) }], thresholds, Date.now());
    await store.results.record([{ routeId, targetId, result: makeResult("quota_exhausted", T0 + 1000) }], thresholds, Date.now());
    expect(await readRow(store, `SELECT "remainingRequests", "remainingTokens", exhausted, "lastKind" FROM "QuotaSnapshot" WHERE "targetId" = ?`, [targetId])).toEqual({
      remainingRequests: 42,
      remainingTokens: 900,
      exhausted: 1,
      lastKind: "quota_exhausted",
    });
  });

  it.each([
    { order: "an older result stored after a newer one, in one batch", sameBatch: true },
    { order: "an older result stored after a newer one, in later batches", sameBatch: false },
  ])("keeps the route's last result, state and quota when $order", async ({ sameBatch }) => {
    const quota = (remaining: number) => ({ limitRequests: 100, remainingRequests: remaining, resetRequestsMs: 1000, limitTokens: 1000, remainingTokens: 900, resetTokensMs: 2000, retryAfterMs: null });
    const newer = { routeId, targetId, result: makeResult("ok", T0 + 60_000, 120, { quota: quota(42) }) };
    const older = { routeId, targetId, result: makeResult("rate_limited", T0, null, { quota: quota(7) }) };
    const now = T0 + 120_000;
    if (sameBatch) await store.results.record([newer, older], thresholds, now);
    else {
      await store.results.record([newer], thresholds, now);
      await store.results.record([older], thresholds, now);
    }
    expect(await readRow(store, `SELECT "lastProbeAt", "lastOk", "lastKind", "lastTotalMs", "okStreak", "failStreak" FROM "Route" WHERE id = ?`, [routeId])).toEqual({
      lastProbeAt: T0 + 60_000,
      lastOk: 1,
      lastKind: "ok",
      lastTotalMs: 120,
      okStreak: 1,
      failStreak: 0,
    });
    expect(await readRow(store, `SELECT at, "remainingRequests", "lastKind" FROM "QuotaSnapshot" WHERE "targetId" = ?`, [targetId])).toEqual({ at: T0 + 60_000, remainingRequests: 42, lastKind: "ok" });
    // Both are still history.
    expect(await readRows(store, `SELECT "kindCode" FROM "ProbeResult" ORDER BY at`)).toEqual([{ kindCode: KIND_CODES.rate_limited }, { kindCode: KIND_CODES.ok }]);
  });

  it("takes a result as the newest after the wall clock was set back an hour", async () => {
    const now = T0;
    // Stored before the clock was set back: stamped an hour ahead of it now.
    await store.results.record([{ routeId, targetId, result: makeResult("ok", now + 3_600_000) }], thresholds, now + 3_600_000);
    await store.results.record([{ routeId, targetId, result: makeResult("timeout", now, 15_000) }], thresholds, now + 15_000);
    expect(await readRow(store, `SELECT "lastProbeAt", "lastKind", "failStreak" FROM "Route" WHERE id = ?`, [routeId])).toEqual({ lastProbeAt: now, lastKind: "timeout", failStreak: 1 });
  });

  it("stores a whole batch when one result carries figures no integer column holds (a fraction, a reset of 30 days or of 1e23 ms)", async () => {
    const proxy = await temp.prisma.proxy.create({ data: { name: "q", url: "direct" } });
    const other = (await temp.prisma.route.create({ data: { proxyId: proxy.id, targetId } })).id;
    const quota = { limitRequests: 100, remainingRequests: 49.5, resetRequestsMs: 1e23, limitTokens: 3e9, remainingTokens: 2.5e9, resetTokensMs: 30 * 86_400_000, retryAfterMs: null };
    const odd = makeResult("ok", T0, 100, { quota, usage: { promptTokens: 1.5, completionTokens: 1e12, totalTokens: null } });
    const changes = await store.results.record([{ routeId, targetId, result: odd }, { routeId: other, targetId, result: makeResult("ok", T0 + 1000) }], thresholds, T0 + 2000);
    expect(changes.map((change) => `${change.routeId} ${change.toState}`).sort()).toEqual([`${routeId} up`, `${other} up`].sort());
    expect(await count("ProbeResult")).toBe(2);
    expect(await readValue(store, `SELECT probes FROM "TargetTokenDay" WHERE "targetId" = ?`, [targetId])).toBe(2);
    const snapshot = await readRow(store, `SELECT "limitRequests", "remainingRequests", "resetRequestsMs", "limitTokens", "remainingTokens", "resetTokensMs" FROM "QuotaSnapshot" WHERE "targetId" = ?`, [targetId]);
    // SQLite's INTEGER columns take any number; PostgreSQL's bigint ones keep every whole number a number holds exactly (beyond: unknown).
    if (store.engine === "sqlite") expect(snapshot).toEqual({ limitRequests: 100, remainingRequests: 49.5, resetRequestsMs: 1e23, limitTokens: 3e9, remainingTokens: 2.5e9, resetTokensMs: 30 * 86_400_000 });
    else expect(snapshot).toEqual({ limitRequests: 100, remainingRequests: 50, resetRequestsMs: null, limitTokens: 3e9, remainingTokens: 2.5e9, resetTokensMs: 30 * 86_400_000 });
    // The raw result keeps a reset of 30 days on both (a quota that comes back next month).
    expect(await readValue(store, `SELECT "resetTokensMs" FROM "ProbeResult" WHERE "routeId" = ?`, [routeId])).toBe(30 * 86_400_000);
  });

  it("ignores results of a route deleted while its probe ran", async () => {
    await temp.prisma.route.delete({ where: { id: routeId } });
    expect(await store.results.record([{ routeId, targetId, result: makeResult("ok", T0) }], thresholds, Date.now())).toEqual([]);
    expect(await count("ProbeResult")).toBe(0);
  });
});

describe("ResultWriter", () => {
  it("batches writes and resolves each one once stored", async () => {
    const seen: string[] = [];
    const writer = new ResultWriter(store.results, () => thresholds, (changes) => void seen.push(...changes.map((c) => c.toState)), { flushMs: 20, maxBatch: 1000 });
    const writes = Array.from({ length: 50 }, (_, i) => writer.write({ routeId, targetId, result: makeResult("ok", T0 + i * 1000) }));
    expect(await count("ProbeResult")).toBe(0);
    await Promise.all(writes);
    expect(await count("ProbeResult")).toBe(50);
    expect(seen).toEqual(["up"]);
    await writer.close();
    await expect(writer.write({ routeId, targetId, result: makeResult("ok", T0) })).rejects.toThrow(/closed/);
  });
});

describe("pruning (store.upkeep.prune)", () => {
  it("forgets agents' result streams idle for two days (their old results are refused anyway), keeps the others", async () => {
    const now = T0 + 30 * 86_400_000;
    const location = (await temp.prisma.location.create({ data: { name: "prune-edge", kind: "agent" } })).id;
    for (const [id, idleDays] of [["idle-3d", 3], ["idle-47h", 47 / 24], ["fresh", 0.1]] as const) {
      await runSql(store, `INSERT INTO "AgentStream" ("locationId", "streamId", "lastSeq", "updatedAt") VALUES (?, ?, 7, ?)`, [location, id, sqlTime(now - idleDays * 86_400_000)]);
    }
    const report = await store.upkeep.prune({ rawDays: 7, minuteRollupDays: 14, rollupDays: 25 }, now);
    expect(report.agentStreams).toBe(1);
    expect((await readRows<{ streamId: string }>(store, `SELECT "streamId" FROM "AgentStream" WHERE "locationId" = ? ORDER BY "streamId"`, [location])).map((row) => row.streamId)).toEqual(["fresh", "idle-47h"]);
  });

  it("deletes only what is past retention, in batches", async () => {
    const now = T0 + 30 * 86_400_000;
    const ages = [0.5, 3, 8, 10, 20, 29]; // days before now
    await store.results.record(ages.map((days, i) => ({ routeId, targetId, result: makeResult(i % 2 ? "ok" : "timeout", now - days * 86_400_000) })), thresholds, Date.now());
    const report = await store.upkeep.prune({ rawDays: 7, minuteRollupDays: 14, rollupDays: 25 }, now, 1);
    expect(report).toEqual({ results: 4, minuteRollups: 2, hourRollups: 1, events: expect.any(Number), tokenDays: 4, agentStreams: 0 });
    const left = (await readRows<{ at: number }>(store, `SELECT at FROM "ProbeResult" ORDER BY at`)).map((r) => (now - r.at) / 86_400_000);
    expect(left).toEqual([3, 0.5]);
    expect(await count("RollupMinute")).toBe(4);
    expect(await count("RollupHour")).toBe(5);
  });
});
