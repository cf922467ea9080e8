import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OUTCOME_KINDS, type OutcomeKind } from "@/lib/classify/kinds";
import { measureTableBytes } from "@/lib/db/measure-table-bytes";
import { migrateDatabase } from "@/lib/db/migrate";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { encodeResult, INSERT_RESULT_SQL } from "@/lib/monitoring/probe-result-codec";

// The storage budget of issue #13: ≤ 100 bytes per raw result, indexes
// included. bench:storage measures it at 10 M results; this guards the shape
// (a new index, a REAL column or names instead of codes would break it) on a
// database small enough for a test: 50 routes × 800 results, written in time
// order with all routes interleaved, as the scheduler writes them.
const ROUTES = 50;
const PER_ROUTE = 800;
let dir: string;
let db: Sqlite;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "proxypulse-size-"));
  const path = join(dir, "size.db");
  migrateDatabase(path);
  db = openSqlite(path);
  db.exec(`INSERT INTO "Target" (id, name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (1, 't', 'https://api.example.test/v1', 'm', 'chat', 'api', 0, 0)`);
  for (let r = 1; r <= ROUTES; r++) {
    db.prepare(`INSERT INTO "Proxy" (id, name, url, source, createdAt, updatedAt) VALUES (?, ?, 'direct', 'api', 0, 0)`).run(r, `p${r}`);
    db.prepare(`INSERT INTO "Route" (id, proxyId, targetId, enabled, state, okStreak, failStreak, createdAt) VALUES (?, ?, 1, 1, 'up', 0, 0, 0)`).run(r, r);
  }
  const insert = db.prepare(INSERT_RESULT_SQL);
  let seed = 42;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const hundredths = (ms: number) => Math.round(ms * 100) / 100;
  const T0 = Date.parse("2026-11-20T00:00:00.000Z");
  db.transaction(() => {
    for (let i = 0; i < PER_ROUTE; i++) {
      for (let routeId = 1; routeId <= ROUTES; routeId++) {
        const ok = random() > 0.03;
        const kind: OutcomeKind = ok ? "ok" : "timeout";
        const totalMs = ok ? hundredths(150 + Math.exp(random() * 6)) : 15_000;
        insert.run(
          encodeResult(routeId, {
            at: T0 + i * 60_000 + routeId * 1000 + Math.floor(random() * 1000),
            ok,
            kind,
            layer: OUTCOME_KINDS[kind].layer,
            httpStatus: ok ? 200 : null,
            message: ok ? "OK" : "no answer within 15000 ms",
            timings: ok ? { dnsMs: 1, connectMs: hundredths(20 + random() * 30), tlsMs: hundredths(40 + random() * 40), ttfbMs: hundredths(totalMs - 120), totalMs } : { totalMs },
            quota: { remainingRequests: 9000, remainingTokens: 190_000 },
          }),
        );
      }
    }
  })();
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a raw result's storage", () => {
  it("is the table and one index, (routeId, at)", () => {
    expect(Object.keys(measureTableBytes(db, "ProbeResult").btrees)).toEqual(["ProbeResult", "ProbeResult_routeId_at_idx"]);
  });

  it("takes at most 100 bytes per result, index included", () => {
    const { total } = measureTableBytes(db, "ProbeResult");
    expect(total / (ROUTES * PER_ROUTE)).toBeLessThanOrEqual(100);
  });
});
