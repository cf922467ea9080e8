import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KIND_CODES, kindFromCode } from "@/lib/classify/kind-codes";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { quantile, parseHistogram } from "@/lib/monitoring/latency-histogram";
import { SqliteUpkeepStore } from "@/lib/db/store/sqlite/sqlite-upkeep-store";
import { recordResultsNow, SqliteResultStore } from "@/lib/db/store/sqlite/sqlite-result-store";
import { ResultWriter } from "@/lib/monitoring/result-writer";
import { makeResult } from "../helpers/make-result";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
let temp: TempDatabase;
let sqlite: Sqlite;
let routeId: number;
let targetId: number;

beforeEach(async () => {
  temp = await createTempDatabase();
  sqlite = openSqlite(temp.path);
  const target = await temp.db.target.create({ data: { name: "t", baseUrl: "https://api.test/v1", model: "m" } });
  const proxy = await temp.db.proxy.create({ data: { name: "p", url: "direct" } });
  const route = await temp.db.route.create({ data: { proxyId: proxy.id, targetId: target.id } });
  routeId = route.id;
  targetId = target.id;
});

afterEach(async () => {
  sqlite.close();
  await temp.cleanup();
});

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);
const KINDS: OutcomeKind[] = ["ok", "ok", "ok", "timeout", "ok", "rate_limited", "ok", "proxy_unreachable", "ok", "ok"];

describe("recordResults", () => {
  it("keeps minute and hour rollups equal to aggregates of the raw rows", () => {
    const batch = Array.from({ length: 400 }, (_, i) => {
      const kind = KINDS[i % KINDS.length]!;
      return { routeId, targetId, result: makeResult(kind, T0 + i * 17_000, kind === "ok" ? 50 + ((i * 37) % 400) : 15_000) };
    });
    recordResultsNow(sqlite, batch.slice(0, 150), thresholds);
    recordResultsNow(sqlite, batch.slice(150), thresholds);

    for (const [table, size] of [["RollupMinute", 60_000], ["RollupHour", 3_600_000]] as const) {
      const expected = sqlite
        .prepare(
          `SELECT (at / ${size}) * ${size} AS bucket, COUNT(*) AS total, SUM(ok) AS okCount,
             SUM(CASE WHEN ok THEN totalMsX100 ELSE 0 END) / 100.0 AS latencySumMs,
             MIN(CASE WHEN ok THEN totalMsX100 END) / 100.0 AS latencyMinMs, MAX(CASE WHEN ok THEN totalMsX100 END) / 100.0 AS latencyMaxMs,
             SUM(CASE WHEN ok THEN tlsMsX100 ELSE 0 END) / 100.0 AS tlsSumMs
           FROM "ProbeResult" WHERE routeId = ? GROUP BY bucket ORDER BY bucket`,
        )
        .all(routeId);
      const actual = sqlite
        .prepare(`SELECT bucket, total, okCount, latencySumMs, latencyMinMs, latencyMaxMs, tlsSumMs FROM "${table}" WHERE routeId = ? ORDER BY bucket`)
        .all(routeId);
      expect(actual).toEqual(expected);
      const kindRows = (sqlite.prepare(`SELECT (at / ${size}) * ${size} AS bucket, kindCode, COUNT(*) AS n FROM "ProbeResult" GROUP BY bucket, kindCode`).all() as Array<{ bucket: number; kindCode: number; n: number }>).map(
        (row) => ({ ...row, kind: kindFromCode(row.kindCode) }),
      );
      const stored = sqlite.prepare(`SELECT bucket, kindCounts, latencyHist, okCount FROM "${table}"`).all() as Array<{ bucket: number; kindCounts: string; latencyHist: string; okCount: number }>;
      for (const row of stored) {
        const counts = JSON.parse(row.kindCounts) as Record<string, number>;
        expect(counts).toEqual(Object.fromEntries(kindRows.filter((k) => k.bucket === row.bucket).map((k) => [k.kind, k.n])));
        const histogramTotal = Object.values(parseHistogram(row.latencyHist)).reduce((a, b) => a + b, 0);
        expect(histogramTotal).toBe(row.okCount);
      }
    }
    const hour = sqlite.prepare(`SELECT latencyHist, latencyMinMs, latencyMaxMs FROM "RollupHour" ORDER BY bucket LIMIT 1`).get() as { latencyHist: string; latencyMinMs: number; latencyMaxMs: number };
    const exact = (sqlite.prepare(`SELECT totalMsX100 / 100.0 AS totalMs FROM "ProbeResult" WHERE ok AND at < ? ORDER BY totalMs`).all(T0 + 3_600_000) as Array<{ totalMs: number }>).map((r) => r.totalMs);
    const p95 = quantile(parseHistogram(hour.latencyHist), 0.95, { min: hour.latencyMinMs, max: hour.latencyMaxMs })!;
    const exactP95 = exact[Math.ceil(0.95 * exact.length) - 1]!;
    expect(Math.abs(p95 - exactP95) / exactP95).toBeLessThan(0.1);
  });

  it("moves the route through its states and stores each change as an event", () => {
    const outcomes: OutcomeKind[] = ["ok", "timeout", "ok", "proxy_unreachable", "proxy_unreachable", "proxy_unreachable", "ok", "ok"];
    const changes = recordResultsNow(sqlite, outcomes.map((kind, i) => ({ routeId, targetId, result: makeResult(kind, T0 + i * 60_000) })), thresholds);
    expect(changes.map((c) => `${c.fromState}>${c.toState}`)).toEqual(["unknown>up", "up>degraded", "degraded>down", "down>up"]);
    const events = sqlite.prepare(`SELECT fromState, toState, kind FROM "RouteEvent" ORDER BY at`).all();
    expect(events).toEqual([
      { fromState: "unknown", toState: "up", kind: null },
      { fromState: "up", toState: "degraded", kind: "timeout" },
      { fromState: "degraded", toState: "down", kind: "proxy_unreachable" },
      { fromState: "down", toState: "up", kind: null },
    ]);
    expect(sqlite.prepare(`SELECT state, okStreak, failStreak, lastKind, lastOk FROM "Route"`).get()).toEqual({ state: "up", okStreak: 2, failStreak: 0, lastKind: "ok", lastOk: 1 });
  });

  it("opens an incident when the route goes down and closes it, with the dominant kind, when it is up again", () => {
    const outcomes: OutcomeKind[] = ["ok", "timeout", "proxy_unreachable", "proxy_unreachable", "proxy_unreachable", "timeout", "proxy_unreachable", "ok", "ok", "ok"];
    recordResultsNow(sqlite, outcomes.map((kind, i) => ({ routeId, targetId, result: makeResult(kind, T0 + i * 60_000) })), thresholds);
    const incidents = sqlite.prepare(`SELECT startedAt, endedAt, kind FROM "Incident"`).all();
    expect(incidents).toEqual([{ startedAt: T0 + 3 * 60_000, endedAt: T0 + 8 * 60_000, kind: "proxy_unreachable" }]);
    // A new outage opens a new incident, left open while it lasts.
    recordResultsNow(sqlite, [0, 1, 2].map((i) => ({ routeId, targetId, result: makeResult("tls_error", T0 + (20 + i) * 60_000) })), thresholds);
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM "Incident" WHERE endedAt IS NULL AND kind = 'tls_error'`).get()).toEqual({ n: 1 });
  });

  it("keeps the latest quota facts per target, flags exhaustion, and keeps numbers a failure did not carry", () => {
    const quota = { limitRequests: 100, remainingRequests: 42, resetRequestsMs: 1000, limitTokens: 1000, remainingTokens: 900, resetTokensMs: 2000, retryAfterMs: null };
    recordResultsNow(sqlite, [{ routeId, targetId, result: makeResult("ok", T0, 100, { quota }) }], thresholds);
    recordResultsNow(sqlite, [{ routeId, targetId, result: makeResult("quota_exhausted", T0 + 1000) }], thresholds);
    expect(sqlite.prepare(`SELECT remainingRequests, remainingTokens, exhausted, lastKind FROM "QuotaSnapshot" WHERE targetId = ?`).get(targetId)).toEqual({
      remainingRequests: 42,
      remainingTokens: 900,
      exhausted: 1,
      lastKind: "quota_exhausted",
    });
  });

  it.each([
    { order: "an older result stored after a newer one, in one batch", sameBatch: true },
    { order: "an older result stored after a newer one, in later batches", sameBatch: false },
  ])("keeps the route's last result, state and quota when $order", ({ sameBatch }) => {
    const quota = (remaining: number) => ({ limitRequests: 100, remainingRequests: remaining, resetRequestsMs: 1000, limitTokens: 1000, remainingTokens: 900, resetTokensMs: 2000, retryAfterMs: null });
    const newer = { routeId, targetId, result: makeResult("ok", T0 + 60_000, 120, { quota: quota(42) }) };
    const older = { routeId, targetId, result: makeResult("rate_limited", T0, null, { quota: quota(7) }) };
    const now = T0 + 120_000;
    if (sameBatch) recordResultsNow(sqlite, [newer, older], thresholds, now);
    else {
      recordResultsNow(sqlite, [newer], thresholds, now);
      recordResultsNow(sqlite, [older], thresholds, now);
    }
    expect(sqlite.prepare(`SELECT lastProbeAt, lastOk, lastKind, lastTotalMs, okStreak, failStreak FROM "Route" WHERE id = ?`).get(routeId)).toEqual({
      lastProbeAt: T0 + 60_000,
      lastOk: 1,
      lastKind: "ok",
      lastTotalMs: 120,
      okStreak: 1,
      failStreak: 0,
    });
    expect(sqlite.prepare(`SELECT at, remainingRequests, lastKind FROM "QuotaSnapshot" WHERE targetId = ?`).get(targetId)).toEqual({ at: T0 + 60_000, remainingRequests: 42, lastKind: "ok" });
    // Both are still history.
    expect(sqlite.prepare(`SELECT kindCode FROM "ProbeResult" ORDER BY at`).all()).toEqual([{ kindCode: KIND_CODES.rate_limited }, { kindCode: KIND_CODES.ok }]);
  });

  it("takes a result as the newest after the wall clock was set back an hour", () => {
    const now = T0;
    // Stored before the clock was set back: stamped an hour ahead of it now.
    recordResultsNow(sqlite, [{ routeId, targetId, result: makeResult("ok", now + 3_600_000) }], thresholds, now + 3_600_000);
    recordResultsNow(sqlite, [{ routeId, targetId, result: makeResult("timeout", now, 15_000) }], thresholds, now + 15_000);
    expect(sqlite.prepare(`SELECT lastProbeAt, lastKind, failStreak FROM "Route" WHERE id = ?`).get(routeId)).toEqual({ lastProbeAt: now, lastKind: "timeout", failStreak: 1 });
  });

  it("ignores results of a route deleted while its probe ran", async () => {
    await temp.db.route.delete({ where: { id: routeId } });
    expect(recordResultsNow(sqlite, [{ routeId, targetId, result: makeResult("ok", T0) }], thresholds)).toEqual([]);
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM "ProbeResult"`).get()).toEqual({ n: 0 });
  });
});

describe("ResultWriter", () => {
  it("batches writes and resolves each one once stored", async () => {
    const seen: string[] = [];
    const writer = new ResultWriter(new SqliteResultStore(sqlite), () => thresholds, (changes) => void seen.push(...changes.map((c) => c.toState)), { flushMs: 20, maxBatch: 1000 });
    const writes = Array.from({ length: 50 }, (_, i) => writer.write({ routeId, targetId, result: makeResult("ok", T0 + i * 1000) }));
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM "ProbeResult"`).get()).toEqual({ n: 0 });
    await Promise.all(writes);
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM "ProbeResult"`).get()).toEqual({ n: 50 });
    expect(seen).toEqual(["up"]);
    await writer.close();
    await expect(writer.write({ routeId, targetId, result: makeResult("ok", T0) })).rejects.toThrow(/closed/);
  });
});

describe("pruning (SqliteUpkeepStore.prune)", () => {
  it("forgets agents' result streams idle for two days (their old results are refused anyway), keeps the others", async () => {
    const now = T0 + 30 * 86_400_000;
    const location = Number(sqlite.prepare(`INSERT INTO "Location" (name, kind, createdAt, updatedAt) VALUES ('prune-edge', 'agent', ?, ?)`).run(now, now).lastInsertRowid);
    const stream = sqlite.prepare(`INSERT INTO "AgentStream" (locationId, streamId, lastSeq, updatedAt) VALUES (?, ?, 7, ?)`);
    for (const [id, idleDays] of [["idle-3d", 3], ["idle-47h", 47 / 24], ["fresh", 0.1]] as const) stream.run(location, id, now - idleDays * 86_400_000);
    const report = await new SqliteUpkeepStore(sqlite).prune({ rawDays: 7, minuteRollupDays: 14, rollupDays: 25 }, now);
    expect(report.agentStreams).toBe(1);
    expect(sqlite.prepare(`SELECT streamId FROM "AgentStream" WHERE locationId = ? ORDER BY streamId`).pluck().all(location)).toEqual(["fresh", "idle-47h"]);
  });

  it("deletes only what is past retention, in batches", async () => {
    const now = T0 + 30 * 86_400_000;
    const ages = [0.5, 3, 8, 10, 20, 29]; // days before now
    recordResultsNow(sqlite, ages.map((days, i) => ({ routeId, targetId, result: makeResult(i % 2 ? "ok" : "timeout", now - days * 86_400_000) })), thresholds);
    const report = await new SqliteUpkeepStore(sqlite).prune({ rawDays: 7, minuteRollupDays: 14, rollupDays: 25 }, now, 1);
    expect(report).toEqual({ results: 4, minuteRollups: 2, hourRollups: 1, events: expect.any(Number), tokenDays: 4, agentStreams: 0 });
    const left = (sqlite.prepare(`SELECT at FROM "ProbeResult" ORDER BY at`).all() as Array<{ at: number }>).map((r) => (now - r.at) / 86_400_000);
    expect(left).toEqual([3, 0.5]);
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM "RollupMinute"`).get()).toEqual({ n: 4 });
    expect(sqlite.prepare(`SELECT COUNT(*) AS n FROM "RollupHour"`).get()).toEqual({ n: 5 });
  });
});
