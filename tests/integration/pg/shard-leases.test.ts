import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "@/lib/db/migrate-postgres";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import type { LeaseStore } from "@/lib/db/store/lease-store";
import { createPgPool } from "@/lib/db/store/postgres/pg-pool";
import { PostgresLeaseStore } from "@/lib/db/store/postgres/postgres-lease-store";
import { SqliteLeaseStore } from "@/lib/db/store/sqlite/sqlite-lease-store";
import { Scheduler, type ScheduledRoute } from "@/lib/scheduler/scheduler";
import { ShardLeases, SHARDS } from "@/lib/scheduler/shard-leases";
import { startPgCluster, type PgCluster } from "../../../scripts/db/pg-cluster";
import { createTempDatabase, type TempDatabase } from "../../helpers/temp-database";

/**
 * Several hub processes on one database share the routes by shard leases
 * (docs/design/postgresql.md): on each engine, every shard has at most one
 * prober at every moment, the shares even out as processes come and go, a
 * dead process's shards are taken over, and two schedulers never probe one
 * route twice within its interval, a takeover included.
 */
let cluster: PgCluster;
let pool: pg.Pool;
let temp: TempDatabase;
let sqlite: Sqlite;
const engines: Array<[string, () => LeaseStore]> = [];

beforeAll(async () => {
  cluster = await startPgCluster();
  const url = await cluster.createDatabase("pp_shards");
  await migratePostgres(url);
  pool = createPgPool(url);
  temp = await createTempDatabase();
  sqlite = openSqlite(temp.path);
  engines.push(["sqlite", () => new SqliteLeaseStore(sqlite)], ["postgresql", () => new PostgresLeaseStore(pool)]);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  sqlite?.close();
  await temp?.cleanup();
  await cluster?.stop();
});

const TTL = 3000;
let run = 0;

/** No shard probed by two processes at once, and the shards probed by all. */
function probedShards(processes: ShardLeases[]): number[] {
  const all = processes.flatMap((process) => process.probing);
  expect(new Set(all).size).toBe(all.length);
  return all.sort((a, b) => a - b);
}

describe.each([0, 1])("shard leases (engine %i)", (index) => {
  it("one process takes every shard; a second evens the shares out; a dead one's shards are taken over; no shard ever has two probers", async () => {
    const store = engines[index]![1]();
    const prefix = `t${run++}/`;
    const a = new ShardLeases(store, "a", TTL, { prefix });
    const b = new ShardLeases(store, "b", TTL, { prefix });
    const c = new ShardLeases(store, "c", TTL, { prefix });
    let now = 1_000_000;
    expect(await a.acquire(now)).toBe(true);
    expect(a.probing).toHaveLength(SHARDS);
    expect(a.leads).toBe(true);

    // b joins: within a few renewals (every ttl / 3) each holds half, never a shard twice.
    for (let round = 0; round < 4; round++) {
      now += TTL / 3;
      await b.acquire(now);
      probedShards([a, b]);
      await a.acquire(now + 1);
      probedShards([a, b]);
    }
    expect(a.probing).toHaveLength(32);
    expect(b.probing).toHaveLength(32);
    expect(probedShards([a, b])).toHaveLength(SHARDS);
    expect(a.leads).toBe(true); // shard 0 moves last
    expect(await b.otherHolder(now)).toBe("a");

    // c joins: none holds more than its share, ceil(64 / 3) = 22, and every shard has a prober.
    for (let round = 0; round < 5; round++) {
      now += TTL / 3;
      for (const process of [c, a, b]) {
        await process.acquire(now);
        probedShards([a, b, c]);
      }
    }
    const shares = [a, b, c].map((process) => process.probing.length);
    expect(Math.max(...shares)).toBe(22);
    expect(Math.min(...shares)).toBeGreaterThanOrEqual(20);
    expect(probedShards([a, b, c])).toHaveLength(SHARDS);

    // a dies (stops renewing): once its leases expire, b and c share its shards, and one of them leads.
    for (let round = 0; round < 6; round++) {
      now += TTL / 3;
      for (const process of [b, c]) {
        await process.acquire(now);
        expect(new Set([...b.probing, ...c.probing]).size).toBe(b.probing.length + c.probing.length);
      }
    }
    expect(b.probing.length + c.probing.length).toBe(SHARDS);
    expect([b.leads, c.leads].filter(Boolean)).toHaveLength(1);

    // Stopping gives everything back at once: the other takes it at its next renewal.
    await c.release();
    now += TTL / 3;
    await b.acquire(now);
    await b.acquire(now + 1);
    expect(b.probing).toHaveLength(SHARDS);
  });

  it("without even shares (one SQLite file), the first process keeps every shard, a second stands by, and takes them all when the first dies", async () => {
    const store = engines[index]![1]();
    const prefix = `t${run++}/`;
    const a = new ShardLeases(store, "a", TTL, { prefix, evenShares: false });
    const b = new ShardLeases(store, "b", TTL, { prefix, evenShares: false });
    let now = 1_000_000;
    expect(await a.acquire(now)).toBe(true);
    for (let round = 0; round < 4; round++) {
      now += TTL / 3;
      expect(await b.acquire(now)).toBe(false);
      expect(await a.acquire(now + 1)).toBe(true);
    }
    expect(a.probing).toHaveLength(SHARDS);
    expect(b.probing).toEqual([]);
    expect(await b.otherHolder(now)).toBe("a");
    // a dies: once its leases expire, b holds them all.
    for (let round = 0; round < 5; round++) {
      now += TTL / 3;
      await b.acquire(now);
    }
    expect(b.probing).toHaveLength(SHARDS);
    expect(b.leads).toBe(true);
  });

  it("two schedulers probe every route exactly once per interval, and when one dies the other takes its routes without probing any twice within an interval", { timeout: 30_000 }, async () => {
    const store = engines[index]![1]();
    const prefix = `s${run++}/`;
    const INTERVAL = 600;
    const LEASE_TTL = 300;
    const routes: ScheduledRoute[] = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, intervalMs: INTERVAL, enabled: true, fingerprint: "f" }));
    const probes = new Map<number, Array<{ at: number; by: string }>>();
    const lastProbeTimes = async (ids: number[]) => new Map(ids.flatMap((id) => (probes.get(id)?.length ? [[id, probes.get(id)!.at(-1)!.at] as const] : [])));
    let aAlive = true;
    const make = (holder: string, lease: ShardLeases) =>
      new Scheduler({
        listRoutes: () => routes,
        probe: async (id) => {
          if (holder === "a" && !aAlive) return;
          const list = probes.get(id) ?? [];
          list.push({ at: Date.now(), by: holder });
          probes.set(id, list);
        },
        lease,
        leaseTtlMs: LEASE_TTL,
        concurrency: 8,
        lastProbeTimes,
      });
    const aLease = new ShardLeases(store, "a", LEASE_TTL, { prefix, shards: 8 });
    // A dead process stops renewing (its leases expire) and probing.
    const dying = Object.assign(Object.create(aLease) as ShardLeases, { acquire: (now: number) => (aAlive ? aLease.acquire(now) : Promise.resolve(aLease.probing.length > 0)) });
    const first = make("a", dying);
    const second = make("b", new ShardLeases(store, "b", LEASE_TTL, { prefix, shards: 8 }));
    first.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    second.start();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const byB = [...probes.values()].flat().filter((probe) => probe.by === "b").length;
    expect(byB).toBeGreaterThan(0);
    const diedAt = Date.now();
    aAlive = false;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await first.stop(100);
    await second.stop(100);
    for (const route of routes) {
      const times = (probes.get(route.id) ?? []).map((probe) => probe.at);
      // Every route keeps being probed after the death…
      expect(times.filter((at) => at > diedAt + LEASE_TTL + LEASE_TTL / 3 + INTERVAL).length, `route ${route.id}`).toBeGreaterThan(0);
      // …and never twice within an interval (a little slack for timers).
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `route ${route.id} probes ${i - 1} and ${i}`).toBeGreaterThan(INTERVAL * 0.8);
    }
  });
});
