import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { listMigrations, migrateDatabase, MIGRATIONS_DIR, MigrationError } from "@/lib/db/migrate";
import { diffDatabaseToSchema } from "../../scripts/db/diff-schema";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

let temp: TempDatabase | undefined;
const scratch: string[] = [];
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-migrate-"));
  scratch.push(dir);
  return dir;
}

describe("migrations", () => {
  it("take an empty database exactly to schema.prisma (Prisma's engine finds nothing left to do)", async () => {
    const path = join(scratchDir(), "fresh.db");
    migrateDatabase(path);
    expect(await diffDatabaseToSchema(path)).toBe("");
  });

  it("are recorded like prisma migrate deploy records them, and applying again changes nothing", () => {
    const path = join(scratchDir(), "twice.db");
    const first = migrateDatabase(path);
    expect(first.applied).toEqual(listMigrations(MIGRATIONS_DIR).map((m) => m.name));
    const second = migrateDatabase(path);
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
    const db = new Database(path, { readonly: true });
    const rows = db.prepare(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`).all() as Array<{
      migration_name: string;
      checksum: string;
      finished_at: string;
      applied_steps_count: number;
    }>;
    db.close();
    expect(rows).toHaveLength(first.applied.length);
    for (const row of rows) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(new Date(row.finished_at).toISOString()).toBe(row.finished_at);
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("refuse a migration edited after it was applied, and roll back a failing one without losing data", () => {
    const dir = scratchDir();
    const migrations = join(dir, "migrations");
    cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
    const path = join(dir, "db.db");
    migrateDatabase(path, migrations);
    const db = new Database(path);
    db.prepare(`INSERT INTO "Proxy" (name, url, source, createdAt, updatedAt) VALUES ('keep', 'direct', 'api', 0, 0)`).run();
    db.close();

    const [first] = listMigrations(migrations);
    const firstFile = join(migrations, first!.name, "migration.sql");
    writeFileSync(firstFile, `${readFileSync(firstFile, "utf8")}\n-- edited`);
    expect(() => migrateDatabase(path, migrations)).toThrow(/changed after it was applied/);
    writeFileSync(firstFile, first!.sql);

    const broken = join(migrations, "99990101000000_broken");
    cpSync(join(migrations, first!.name), broken, { recursive: true });
    writeFileSync(join(broken, "migration.sql"), `CREATE TABLE "Extra" ("id" INTEGER);\nINSERT INTO "NoSuchTable" VALUES (1);`);
    expect(() => migrateDatabase(path, migrations)).toThrow(MigrationError);
    const after = new Database(path, { readonly: true });
    expect(after.prepare(`SELECT name FROM "Proxy"`).all()).toEqual([{ name: "keep" }]);
    expect(after.prepare(`SELECT name FROM sqlite_master WHERE name = 'Extra'`).all()).toEqual([]);
    after.close();
  });
});

describe("a migration that redefines tables", () => {
  it("keeps the data already there", () => {
    const dir = scratchDir();
    const migrations = join(dir, "migrations");
    cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
    const all = listMigrations(migrations);
    const last = all.at(-1)!;
    rmSync(join(migrations, last.name), { recursive: true });
    const path = join(dir, "db.db");
    migrateDatabase(path, migrations);
    const db = new Database(path);
    db.prepare(`INSERT INTO "Proxy" (id, name, url, source, createdAt, updatedAt) VALUES (1, 'p', 'direct', 'api', 0, 0)`).run();
    db.prepare(`INSERT INTO "Target" (id, name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (1, 't', 'https://a/v1', 'm', 'chat', 'api', 0, 0)`).run();
    db.prepare(`INSERT INTO "Route" (id, proxyId, targetId, enabled, state, okStreak, failStreak, createdAt) VALUES (1, 1, 1, 1, 'up', 0, 0, 0)`).run();
    // In whichever shape the migrations before the last one leave ProbeResult (kind by name before compact_probe_results, by code after).
    const kindColumn = db.prepare(`SELECT name FROM pragma_table_info('ProbeResult') WHERE name IN ('kind', 'kindCode')`).pluck().get();
    db.prepare(`INSERT INTO "ProbeResult" (routeId, at, ok, ${kindColumn}) VALUES (1, 1, 1, ${kindColumn === "kind" ? "'ok'" : "0"})`).run();
    db.close();
    cpSync(join(MIGRATIONS_DIR, last.name), join(migrations, last.name), { recursive: true });
    expect(migrateDatabase(path, migrations).applied).toEqual([last.name]);
    const after = new Database(path, { readonly: true });
    expect(after.prepare(`SELECT COUNT(*) AS n FROM "ProbeResult" r JOIN "Route" x ON x.id = r.routeId JOIN "Proxy" p ON p.id = x.proxyId`).get()).toEqual({ n: 1 });
    expect(after.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]);
    after.close();
  });
});

describe("the Prisma client on a migrated database", () => {
  it("reads and writes every model, with relations and cascades", async () => {
    temp = await createTempDatabase();
    const { db } = temp;
    const target = await db.target.create({ data: { name: "openai", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKeyEnv: "OPENAI_API_KEY" } });
    const proxy = await db.proxy.create({ data: { name: "clash", url: "http://127.0.0.1:7890" } });
    const route = await db.route.create({ data: { proxyId: proxy.id, targetId: target.id } });
    const at = new Date("2026-11-27T10:00:00.123Z");
    await db.probeResult.create({ data: { routeId: route.id, at, ok: true, kindCode: 0, totalMsX100: 12340, remainingTokens: 10 } });
    await db.rollupMinute.create({ data: { routeId: route.id, bucket: at, total: 1, okCount: 1, kindCounts: '{"ok":1}', latencyHist: "[1]" } });
    await db.rollupHour.create({ data: { routeId: route.id, bucket: at, total: 1, okCount: 1, kindCounts: '{"ok":1}', latencyHist: "[1]" } });
    await db.routeEvent.create({ data: { routeId: route.id, at, fromState: "unknown", toState: "up" } });
    await db.quotaSnapshot.create({ data: { targetId: target.id, at, remainingRequests: 5, exhausted: false } });
    await db.schedulerLease.create({ data: { name: "scheduler", holder: "test", expiresAt: at, renewedAt: at } });
    await db.probeCounter.create({ data: { routeId: route.id, kind: "ok", count: 3 } });
    await db.latencyCounter.create({ data: { routeId: route.id, count: 3, sumMs: 300, buckets: "[0,3]" } });
    await db.routeSummary.create({ data: { routeId: route.id, computedAt: at, windows: "{}" } });

    const loaded = await db.route.findUniqueOrThrow({
      where: { id: route.id },
      include: { proxy: true, target: { include: { quota: true } }, results: true, events: true, minutes: true, hours: true, counters: true, latency: true, summary: true },
    });
    expect(loaded.proxy.name).toBe("clash");
    expect(loaded.target.quota?.remainingRequests).toBe(5);
    expect(loaded.results[0]?.at.toISOString()).toBe(at.toISOString());
    expect(loaded.results[0]?.totalMsX100).toBe(12340);
    expect(loaded.events[0]?.toState).toBe("up");
    expect(loaded.minutes).toHaveLength(1);
    expect(loaded.hours).toHaveLength(1);
    expect(loaded.counters).toEqual([{ routeId: route.id, kind: "ok", count: 3 }]);
    expect(loaded.latency?.sumMs).toBe(300);
    expect(loaded.summary?.computedAt.toISOString()).toBe(at.toISOString());
    expect((await db.schedulerLease.findUniqueOrThrow({ where: { name: "scheduler" } })).holder).toBe("test");

    // Times are stored as integer milliseconds.
    const raw = new Database(temp.path, { readonly: true });
    expect(raw.prepare(`SELECT at FROM "ProbeResult"`).get()).toEqual({ at: at.getTime() });
    raw.close();

    await db.proxy.delete({ where: { id: proxy.id } });
    expect(await db.route.count()).toBe(0);
    expect(await db.probeResult.count()).toBe(0);
    expect(await db.rollupMinute.count()).toBe(0);
    expect(await db.probeCounter.count()).toBe(0);
    expect(await db.routeSummary.count()).toBe(0);
    expect(await db.target.count()).toBe(1);
  });
});
