import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { exportRouteCsv } from "@/lib/export/export-route-csv";
import { listFailureGroups } from "@/lib/monitoring/list-failure-groups";
import { SqliteUpkeepStore } from "@/lib/db/store/sqlite/sqlite-upkeep-store";
import { recordResultsNow } from "@/lib/db/store/sqlite/sqlite-result-store";
import { makeResult } from "../helpers/make-result";
import { SqliteStore } from "@/lib/db/store/sqlite/sqlite-store";

const MIGRATION = "compact_probe_results";
const T0 = Date.parse("2026-11-20T10:00:00.000Z");

/** Rows as the previous ProbeResult held them: kind and layer by name, timings as REAL milliseconds. */
const OLD_ROWS = [
  { at: T0, ok: 1, kind: "ok", layer: null, httpStatus: 200, message: "OK", requestId: "req_a", dnsMs: 0.41, connectMs: 20.07, tunnelMs: 3.5, tlsMs: 41.99, ttfbMs: 201.3, totalMs: 250.01, limitRequests: 10_000, remainingRequests: 9_999, limitTokens: 2_000_000, remainingTokens: 1_999_000 },
  { at: T0 + 60_000, ok: 0, kind: "rate_limited", layer: "quota", httpStatus: 429, apiErrorCode: "rate_limit_exceeded", message: "Rate limit reached", retryAfterMs: 1500, totalMs: 88.88 },
  { at: T0 + 120_000, ok: 0, kind: "timeout", layer: "network", message: "no answer within 15000 ms", connectMs: 1.2, totalMs: 15_000 },
  { at: T0 + 180_000, ok: 0, kind: "timeout", layer: "network", message: "no answer within 15000 ms", totalMs: 15_000.004 },
  { at: T0 + 180_000, ok: 0, kind: "proxy_unreachable", layer: "proxy", message: "connect ECONNREFUSED 127.0.0.1:7890", totalMs: 0.73 },
  { at: T0 + 240_000, ok: 1, kind: "ok", layer: null, httpStatus: 200, message: "OK", dnsMs: 1, connectMs: 2, tlsMs: 10, ttfbMs: 87, totalMs: 100, promptTokens: 8, completionTokens: 1 },
  { at: T0 + 300_000, ok: 0, kind: "tls_error", layer: "tls", message: "self-signed certificate", tlsMs: 12.3456, totalMs: 14.5 },
  // Written by hand or by a version that never existed: kept, as `unknown`.
  { at: T0 + 360_000, ok: 0, kind: "http_error", layer: "http", message: "odd" },
  // Deleted before the migration: its id must never be handed out again.
  { at: T0 + 420_000, ok: 1, kind: "ok", layer: null, message: "OK", totalMs: 99 },
];
const OLD_COLUMNS = ["at", "ok", "kind", "layer", "httpStatus", "apiErrorCode", "message", "requestId", "dnsMs", "connectMs", "tunnelMs", "tlsMs", "ttfbMs", "totalMs", "limitRequests", "remainingRequests", "limitTokens", "remainingTokens", "retryAfterMs", "promptTokens", "completionTokens"] as const;

let dir: string;
let db: Sqlite;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "proxypulse-compact-"));
  const migrations = join(dir, "migrations");
  cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
  // The database as the release before this migration left it.
  const all = readdirSync(migrations).filter((name) => /^\d+_/.test(name)).sort();
  const later = all.slice(all.findIndex((name) => name.endsWith(`_${MIGRATION}`)));
  for (const name of later) rmSync(join(migrations, name), { recursive: true });
  const path = join(dir, "old.db");
  migrateDatabase(path, migrations);
  const old = new Database(path);
  old.exec(`INSERT INTO "Proxy" (id, name, url, source, createdAt, updatedAt) VALUES (1, 'clash', 'http://127.0.0.1:7890', 'api', 0, 0);
    INSERT INTO "Target" (id, name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (1, 'openai', 'https://api.openai.com/v1', 'm', 'chat', 'api', 0, 0);
    INSERT INTO "Route" (id, proxyId, targetId, enabled, state, okStreak, failStreak, createdAt) VALUES (1, 1, 1, 1, 'up', 0, 0, 0);`);
  const insert = old.prepare(`INSERT INTO "ProbeResult" (routeId, ${OLD_COLUMNS.join(", ")}) VALUES (1, ${OLD_COLUMNS.map((c) => `@${c}`).join(", ")})`);
  for (const row of OLD_ROWS) insert.run(Object.fromEntries(OLD_COLUMNS.map((column) => [column, (row as Record<string, unknown>)[column] ?? null])));
  old.prepare(`DELETE FROM "ProbeResult" WHERE at = ?`).run(T0 + 420_000);
  expect(old.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ProbeResult' ORDER BY name`).pluck().all()).toEqual(["ProbeResult_at_idx", "ProbeResult_routeId_at_idx"]);
  old.close();

  expect(migrateDatabase(path).applied).toEqual(later);
  db = openSqlite(path);
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the readers gave for an old row before the change (timings to the hundredth, as the probe measures them). */
function expected(row: (typeof OLD_ROWS)[number], id: number) {
  const r = row as Record<string, unknown>;
  const ms = (key: string) => (r[key] === undefined ? null : Math.round((r[key] as number) * 100) / 100);
  return {
    id,
    at: new Date(row.at).toISOString(),
    ok: row.ok === 1,
    kind: row.kind === "http_error" ? "unknown" : row.kind,
    layer: row.layer === "http" ? null : row.layer,
    httpStatus: r.httpStatus ?? null,
    apiErrorCode: r.apiErrorCode ?? null,
    message: row.message,
    requestId: r.requestId ?? null,
    timings: { dnsMs: ms("dnsMs"), connectMs: ms("connectMs"), tunnelMs: ms("tunnelMs"), tlsMs: ms("tlsMs"), ttfbMs: ms("ttfbMs"), totalMs: ms("totalMs") },
    quota: { limitRequests: r.limitRequests ?? null, remainingRequests: r.remainingRequests ?? null, limitTokens: r.limitTokens ?? null, remainingTokens: r.remainingTokens ?? null, retryAfterMs: r.retryAfterMs ?? null },
    // Results from before streaming kinds existed have no stream figures.
    midStream: false,
    stream: null,
  };
}

const kept = OLD_ROWS.slice(0, -1).map((row, i) => ({ row, id: i + 1 }));

describe("migrating ProbeResult to the compact form", () => {
  it("keeps every row, and the API reads each back as before (kinds and layers by name, timings in ms)", async () => {
    const results = await new SqliteStore(db).history.listResults({ routeId: 1, from: 0, to: T0 + 86_400_000, limit: 100 });
    const newestFirst = [...kept].sort((a, b) => b.row.at - a.row.at || b.id - a.id);
    expect(results).toEqual(newestFirst.map(({ row, id }) => expected(row, id)));
    expect(results.find((r) => r.kind === "tls_error")!.timings.tlsMs).toBe(12.35);
  });

  it("keeps cursor paging by (at, id), failures only, through rows of the same millisecond", async () => {
    const ids: number[] = [];
    let before = null;
    for (;;) {
      const page = await new SqliteStore(db).history.listResults({ routeId: 1, from: 0, to: T0 + 86_400_000, limit: 2, failuresOnly: true, before });
      if (page.length === 0) break;
      ids.push(...page.map((r) => r.id));
      before = await new SqliteStore(db).history.findResultCursor(1, page.at(-1)!.id);
    }
    expect(ids).toEqual([8, 7, 5, 4, 3, 2]);
    expect(await new SqliteStore(db).history.findResultCursor(2, 1)).toBeNull();
  });

  it("keeps the CSV export's cells", async () => {
    const text = await (await exportRouteCsv(new SqliteStore(db), 1, { from: String(T0), to: String(T0 + 86_400_000) })).text();
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(kept.length + 1);
    expect(lines[1]).toBe("2026-11-20T10:00:00.000Z,true,ok,,200,,250.01,0.41,20.07,3.5,41.99,201.3,req_a,OK");
    expect(lines[2]).toBe("2026-11-20T10:01:00.000Z,false,rate_limited,quota,429,rate_limit_exceeded,88.88,,,,,,,Rate limit reached");
    expect(lines[4]).toBe("2026-11-20T10:03:00.000Z,false,timeout,network,,,15000,,,,,,,no answer within 15000 ms");
  });

  it("keeps failure grouping (two timeouts in a row are one run)", async () => {
    const { groups } = await listFailureGroups(new SqliteStore(db), 1, { from: 0, to: T0 + 86_400_000, limit: 10 });
    expect(groups.map((g) => `${g.kind}×${g.count}`)).toEqual(["unknown×1", "tls_error×1", "proxy_unreachable×1", "timeout×2", "rate_limited×1"]);
  });

  it("leaves one index, keeps the id counter, and the new rows and pruning work on the result", async () => {
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ProbeResult'`).pluck().all()).toEqual(["ProbeResult_routeId_at_idx"]);
    expect(db.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]);
    expect(db.prepare(`PRAGMA integrity_check`).pluck().get()).toBe("ok");
    recordResultsNow(db, [{ routeId: 1, targetId: 1, result: makeResult("ok", T0 + 86_400_000, 123.45) }], { downAfterFailures: 3, upAfterSuccesses: 1 });
    const newest = (await new SqliteStore(db).history.listResults({ routeId: 1, from: 0, to: T0 + 2 * 86_400_000, limit: 1 }))[0]!;
    expect(newest.id).toBe(OLD_ROWS.length + 1); // not 9, the id of the row deleted before the migration
    expect(newest.timings.totalMs).toBe(123.45);
    // A second route, so pruning walks more than one route's range.
    db.exec(`INSERT INTO "Proxy" (id, name, url, source, createdAt, updatedAt) VALUES (2, 'direct', 'direct', 'api', 0, 0);
      INSERT INTO "Route" (id, proxyId, targetId, enabled, state, okStreak, failStreak, createdAt) VALUES (2, 2, 1, 1, 'up', 0, 0, 0);`);
    recordResultsNow(db, [0, 1, 2, 3, 4].map((i) => ({ routeId: 2, targetId: 1, result: makeResult("ok", T0 + i * 1000 + (i === 4 ? 86_400_000 : 0)) })), { downAfterFailures: 3, upAfterSuccesses: 1 });
    const report = await new SqliteUpkeepStore(db).prune({ rawDays: 1, minuteRollupDays: 1, rollupDays: 30 }, T0 + 2 * 86_400_000 - 1, 3);
    expect(report.results).toBe(kept.length + 4);
    expect(db.prepare(`SELECT routeId, at FROM "ProbeResult" ORDER BY routeId`).all()).toEqual([
      { routeId: 1, at: T0 + 86_400_000 },
      { routeId: 2, at: T0 + 4000 + 86_400_000 },
    ]);
  });
});
