import { afterEach, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { IncrementalRouteSummaries } from "@/lib/db/store/sqlite/incremental-route-summaries";
import { markSummariesStale } from "@/lib/db/store/sqlite/mark-summaries-stale";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { recordResultsNow } from "@/lib/db/store/sqlite/sqlite-result-store";
import { refreshRouteSummaries } from "@/lib/db/store/sqlite/refresh-route-summaries";
import { type RouteWindows } from "@/lib/monitoring/route-windows";
import { DEFAULT_DEADBAND, type SummaryDeadband } from "@/lib/monitoring/summary-deadband";
import { makeResult } from "../helpers/make-result";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

// When the scheduler's process rewrites a route's summary row: at the next
// flush when what it shows moved materially (a failure, a window emptied,
// a lasting latency change, a route new or rebuilt), otherwise at its turn
// in the periodic sweep (every row within maxAgeMs, a share each tick).
// Real SQLite; time injected; each tick as the service's 10 s timer.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const TICK = 10_000;
const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
/** The default deadband with a day's maximum age: the periodic sweep stays out of these cases' few minutes. */
const NO_SWEEP: SummaryDeadband = { ...DEFAULT_DEADBAND, maxAgeMs: 24 * HOUR };

let temp: TempDatabase | null = null;
let sqlite: Sqlite | null = null;
afterEach(async () => {
  sqlite?.close();
  sqlite = null;
  await temp?.cleanup();
  temp = null;
});

interface Row {
  computedAt: number;
  windows: RouteWindows;
}

class Bench {
  now = Date.UTC(2026, 10, 20, 9, 20, 3);
  keeper!: IncrementalRouteSummaries;
  routes: number[] = [];
  /** Rows written per tick (by the keeper's count), in order. */
  writes: number[] = [];

  constructor(
    readonly db: Sqlite,
    readonly targetId: number,
  ) {}

  store(batch: ResultToRecord[]): void {
    recordResultsNow(this.db, batch, thresholds, this.now);
    this.keeper?.record(batch, this.now);
  }

  /** One result per route; `ms` null for a failure. */
  probe(ids: number[], ms: number | null | ((id: number) => number | null) = 200): void {
    this.store(
      ids.map((routeId) => {
        const value = typeof ms === "function" ? ms(routeId) : ms;
        return { routeId, targetId: this.targetId, result: value === null ? makeResult("timeout", this.now, 15_000) : makeResult("ok", this.now, value) };
      }),
    );
  }

  /** `minutes` of ticks every 10 s, every route probed once a minute (`ms` per route and minute). */
  run(minutes: number, ms: (id: number, minute: number) => number | null = () => 200): void {
    for (let minute = 0; minute < minutes; minute++) {
      for (let step = 0; step < MINUTE / TICK; step++) {
        this.now += TICK;
        if (step === 2) this.probe(this.routes, (id) => ms(id, minute));
        this.writes.push(this.keeper.tick(this.now));
      }
    }
  }

  tick(): number {
    this.now += TICK;
    const written = this.keeper.tick(this.now);
    this.writes.push(written);
    return written;
  }

  rows(): Map<number, Row> {
    const rows = this.db.prepare(`SELECT routeId, computedAt, windows FROM "RouteSummary" ORDER BY routeId`).all() as Array<{ routeId: number; computedAt: number; windows: string }>;
    return new Map(rows.map((row) => [row.routeId, { computedAt: row.computedAt, windows: JSON.parse(row.windows) as RouteWindows }]));
  }

  /** The routes whose rows were written at `at`. */
  writtenAt(at: number): number[] {
    return [...this.rows()].filter(([, row]) => row.computedAt === at).map(([id]) => id);
  }

  /** A full recompute's figures now, rolled back. */
  truth(): Map<number, RouteWindows> {
    this.db.exec("SAVEPOINT truth");
    try {
      refreshRouteSummaries(this.db, this.now);
      return new Map([...this.rows()].map(([id, row]) => [id, row.windows]));
    } finally {
      this.db.exec("ROLLBACK TO truth");
      this.db.exec("RELEASE truth");
    }
  }
}

/**
 * `routes` routes probed every `everyMinutes` for `historyMinutes` (200 ms, or as
 * `history` says), then the keeper built at `now` with `band`.
 */
async function bench(routes: number, band: SummaryDeadband, historyMinutes = 70, history: (id: number, at: number) => number | null = () => 200, everyMinutes = 1): Promise<Bench> {
  temp = await createTempDatabase();
  sqlite = openSqlite(temp.path);
  const target = await temp.db.target.create({ data: { name: "t", baseUrl: "https://api.test/v1", model: "m" } });
  const b = new Bench(sqlite, target.id);
  for (let i = 0; i < routes; i++) {
    const proxy = await temp.db.proxy.create({ data: { name: `p${i}`, url: "direct" } });
    b.routes.push((await temp.db.route.create({ data: { proxyId: proxy.id, targetId: target.id } })).id);
  }
  const end = b.now;
  for (b.now = end - historyMinutes * MINUTE; b.now < end; b.now += everyMinutes * MINUTE) b.probe(b.routes, (id) => history(id, b.now));
  b.now = end;
  b.keeper = new IncrementalRouteSummaries(sqlite, band);
  b.keeper.rebuild(b.now);
  return b;
}

const cases: Array<{ name: string; run: () => Promise<void> }> = [
  {
    name: "a failure entering the 1h window is written at the next flush; a route probed as before is not",
    run: async () => {
      const b = await bench(3, NO_SWEEP);
      b.run(2);
      const [failing, steady, slower] = b.routes as [number, number, number];
      b.probe([failing], null);
      b.probe([steady], 200);
      // 4% slower: within the deadband.
      b.probe([slower], 208);
      b.tick();
      expect(b.writtenAt(b.now)).toEqual([failing]);
      expect(b.rows().get(failing)!.windows["1h"]).toEqual(b.truth().get(failing)!["1h"]);
      expect(b.rows().get(failing)!.windows["1h"].uptime).toBeLessThan(1);
    },
  },
  {
    name: "a failure leaving the 1h window is written at the next flush",
    run: async () => {
      const b = await bench(2, NO_SWEEP);
      b.run(1);
      const [failing] = b.routes as [number, number];
      b.probe([failing], null);
      b.tick();
      b.run(59);
      expect(b.rows().get(failing)!.windows["1h"].uptime).toBeLessThan(1);
      // The minute holding the failure leaves the window at the next minute's first tick.
      b.run(1);
      expect(b.rows().get(failing)!.windows["1h"]).toEqual(b.truth().get(failing)!["1h"]);
      expect(b.rows().get(failing)!.windows["1h"].uptime).toBe(1);
    },
  },
  {
    name: "a lasting slowdown is written once it moves p50 past 10% and one result's reach; one slow probe is not",
    run: async () => {
      const b = await bench(2, NO_SWEEP);
      const [slowing, spike] = b.routes as [number, number];
      const before = b.rows().get(slowing)!.computedAt;
      // One probe of 5 s on `spike`: its p95 jumps by a rank, nothing more.
      b.run(1, (id) => (id === spike ? 5000 : 200));
      expect(b.rows().get(spike)!.computedAt).toBe(before);
      // `slowing` now answers in 400 ms: its 1h p50 (of 60) moves once about half the hour is slow.
      let minutes = 0;
      while (b.rows().get(slowing)!.computedAt === before && minutes < 60) {
        b.run(1, (id) => (id === slowing ? 400 : 200));
        minutes++;
      }
      expect(minutes).toBeGreaterThan(1);
      expect(minutes).toBeLessThan(40);
      expect(b.rows().get(slowing)!.windows["1h"]).toEqual(b.truth().get(slowing)!["1h"]);
      expect(b.rows().get(spike)!.computedAt).toBe(before);
    },
  },
  {
    name: "tiny drifts wait for the sweep: every row is rewritten within the maximum age, a share each tick",
    run: async () => {
      const b = await bench(24, DEFAULT_DEADBAND);
      const start = b.now;
      // Latencies within a few ms: nothing moves materially.
      b.run(DEFAULT_DEADBAND.maxAgeMs / MINUTE, (id, minute) => 200 + ((id + minute) % 3));
      const rows = b.rows();
      for (const [id, row] of rows) expect(row.computedAt, `route ${id}`).toBeGreaterThan(b.now - DEFAULT_DEADBAND.maxAgeMs);
      for (const [id, row] of rows) expect(row.computedAt, `route ${id}`).toBeGreaterThan(start);
      // Each route once (24 rows over 30 ticks), never a burst.
      expect(b.writes.reduce((sum, n) => sum + n, 0)).toBe(24);
      expect(Math.max(...b.writes)).toBeLessThanOrEqual(2);
      // And the rows say what a full recompute says, but for the drift (and the count, which moves by one as the hour slides).
      const truth = b.truth();
      for (const [id, row] of rows) {
        expect(row.windows["1h"].uptime, `route ${id}`).toBe(1);
        expect(Math.abs(row.windows["1h"].p50! - truth.get(id)!["1h"].p50!), `route ${id}`).toBeLessThan(5);
      }
    },
  },
  {
    name: "routes removed mid-sweep: the others keep their turn, every row within the maximum age",
    run: async () => {
      const b = await bench(24, DEFAULT_DEADBAND);
      b.run(3);
      // Removing the lowest ids moves every other route's place in the id order back.
      // (The keeper forgets them when it next writes them: their turn in the sweep.)
      for (const id of b.routes.splice(0, 8)) b.db.prepare(`DELETE FROM "Route" WHERE id = ?`).run(id);
      for (let minute = 0; minute < 12; minute++) {
        b.run(1);
        for (const [id, row] of b.rows()) expect(row.computedAt, `route ${id}, minute ${minute}`).toBeGreaterThan(b.now - DEFAULT_DEADBAND.maxAgeMs);
      }
      expect([...b.rows().keys()]).toEqual(b.routes);
    },
  },
  {
    name: "the hour boundary: the 24h window's step waits for each route's turn in the sweep, not all at once",
    run: async () => {
      // A bad hour 23 hours back (every probe failed) leaves the 24h window at the next hour: every route's 24h uptime steps up.
      const nextHour = Date.UTC(2026, 10, 20, 10);
      const b = await bench(15, DEFAULT_DEADBAND, 25 * 60, (_id, at) => (Math.floor(at / HOUR) * HOUR === nextHour - 24 * HOUR ? null : 200), 5);
      expect(b.rows().get(b.routes[0]!)!.windows["24h"].uptime).toBeLessThan(0.99);
      b.run(Math.ceil((nextHour - b.now) / MINUTE) + 1);
      // 15 rows over the 30 ticks of the maximum age: the hour adds none, in its minute or after.
      expect(Math.max(...b.writes)).toBeLessThanOrEqual(1);
      b.run(5);
      expect(Math.max(...b.writes)).toBeLessThanOrEqual(1);
      // Within the maximum age every row shows the step.
      const truth = b.truth();
      expect(truth.get(b.routes[0]!)!["24h"].uptime).toBe(1);
      for (const [id, row] of b.rows()) expect(row.windows["24h"].uptime, `route ${id}`).toBe(1);
    },
  },
  {
    name: "routes rebuilt (marked stale by another process) and routes new to the keeper are written at the next flush",
    run: async () => {
      const b = await bench(3, NO_SWEEP);
      b.run(1);
      const [marked, steady] = b.routes as [number, number, number];
      // Another process stored results for `marked` and marked it (its row, say, as it left it).
      b.db.prepare(`UPDATE "RouteSummary" SET windows = '{}' WHERE routeId = ?`).run(marked);
      markSummariesStale(b.db, [marked]);
      // A route added since the keeper was built, probed for the first time.
      const proxy = await temp!.db.proxy.create({ data: { name: "new", url: "direct" } });
      const fresh = (await temp!.db.route.create({ data: { proxyId: proxy.id, targetId: b.targetId } })).id;
      b.probe([steady, fresh], 200);
      b.tick();
      const truth = b.truth();
      // (A route added may also bring a neighbour's turn in the sweep forward: the others' places moved.)
      expect(b.writtenAt(b.now)).toEqual(expect.arrayContaining([marked, fresh]));
      expect(b.writtenAt(b.now)).not.toContain(steady);
      expect(b.rows().get(marked)!.windows).toEqual(truth.get(marked));
      expect(b.rows().get(fresh)!.windows).toEqual(truth.get(fresh));
    },
  },
  {
    name: "a probe now writes its routes at once, whatever the deadband; the others wait",
    run: async () => {
      const b = await bench(2, NO_SWEEP);
      b.run(1);
      const [asked, other] = b.routes as [number, number];
      b.now += 3000;
      b.probe([asked, other], 201);
      expect(b.keeper.flushChanged(b.now, [asked])).toBe(1);
      expect(b.writtenAt(b.now)).toEqual([asked]);
      expect(b.rows().get(asked)!.windows).toEqual(b.truth().get(asked));
    },
  },
];

describe("summary rows under the deadband", () => {
  it.each(cases)("$name", async ({ run }) => {
    await run();
  });
});

describe("starting to keep the summaries lazily (the scheduler's process at start, and on taking over the lease)", () => {
  it("reads no route at start; a route is read from the rollups when its first result comes, and the rest a few each tick, until every row equals a full recompute", async () => {
    const b = await bench(6, { ...DEFAULT_DEADBAND, maxAgeMs: 0 });
    b.keeper.startLazily();
    expect(b.keeper.size).toBe(0);
    expect(b.keeper.pendingCount).toBe(6);
    const [first] = b.routes as [number];
    b.now += TICK;
    b.probe([first], null);
    // Read at its first result, with the rollups that result is already in.
    expect(b.keeper.size).toBe(1);
    expect(b.keeper.windowsOf(first)).toEqual(b.truth().get(first));
    for (let ticks = 0; b.keeper.pendingCount > 0; ticks++) {
      expect(ticks).toBeLessThan(6);
      b.tick();
    }
    b.tick();
    expect(b.keeper.size).toBe(6);
    expect(b.rows()).toEqual(new Map([...b.truth()].map(([id, windows]) => [id, { computedAt: b.now, windows }])));
  });

  it("after a lease handover, takes in what the previous scheduler stored after the takeover (a read of everything at takeover missed it)", async () => {
    for (const start of ["rebuild", "startLazily"] as const) {
      const b = await bench(2, NO_SWEEP);
      const [route] = b.routes as [number];
      const newLeader = new IncrementalRouteSummaries(sqlite!, NO_SWEEP);
      if (start === "rebuild") newLeader.rebuild(b.now);
      else newLeader.startLazily();
      // The previous scheduler's last probe lands after the new leader started keeping (stored, not recorded by it).
      b.now += 1000;
      recordResultsNow(sqlite!, [{ routeId: route, targetId: b.targetId, result: makeResult("timeout", b.now, 15_000) }], thresholds, b.now);
      b.now += TICK;
      newLeader.tick(b.now);
      const kept = newLeader.windowsOf(route)!["1h"];
      const truth = b.truth().get(route)!["1h"];
      if (start === "rebuild") expect(kept.total).toBe(truth.total - 1);
      else expect(kept).toEqual(truth);
      sqlite!.close();
      sqlite = null;
      await temp!.cleanup();
      temp = null;
    }
  });
});
