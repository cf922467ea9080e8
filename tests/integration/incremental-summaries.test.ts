import { afterEach, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { IncrementalRouteSummaries } from "@/lib/db/store/sqlite/incremental-route-summaries";
import { mergeHistograms, parseHistogram, quantile, type LatencyHistogram } from "@/lib/monitoring/latency-histogram";
import { markSummariesStale } from "@/lib/db/store/sqlite/mark-summaries-stale";
import { SqliteUpkeepStore } from "@/lib/db/store/sqlite/sqlite-upkeep-store";
import type { RetentionPolicy } from "@/lib/db/store/upkeep-store";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { recordResultsNow } from "@/lib/db/store/sqlite/sqlite-result-store";
import { refreshRouteSummaries } from "@/lib/db/store/sqlite/refresh-route-summaries";
import { emptyWindows, type RouteWindows } from "@/lib/monitoring/route-windows";
import { DEFAULT_DEADBAND, NO_DEADBAND, type SummaryDeadband } from "@/lib/monitoring/summary-deadband";
import { makeResult } from "../helpers/make-result";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

// The incremental summaries must say exactly what a full recompute from the
// rollups says (refreshRouteSummaries, the definition), whatever happens
// between: each case drives an injected clock through writes, minute ticks,
// hour boundaries, pauses, late results, other processes, deletions,
// pruning and restarts, and compares every route's figures with a full
// recompute at that moment. Each case runs twice: without a deadband every
// stored row must equal the recompute; with the default deadband the
// figures in memory must, and every stored row must be within the deadband
// of them and younger than its maximum age.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
const FAILURES: OutcomeKind[] = ["timeout", "proxy_unreachable", "rate_limited"];

let temp: TempDatabase | null = null;
let sqlite: Sqlite | null = null;
afterEach(async () => {
  sqlite?.close();
  sqlite = null;
  await temp?.cleanup();
  temp = null;
});

class World {
  now = Date.UTC(2026, 10, 20, 9, 41, 17);
  keeper: IncrementalRouteSummaries;
  routes: number[] = [];
  compared = 0;
  private seed = 11;
  private proxies = 0;

  constructor(
    readonly db: Sqlite,
    readonly temp: TempDatabase,
    readonly targetId: number,
    readonly band: SummaryDeadband,
  ) {
    this.keeper = new IncrementalRouteSummaries(db, band);
  }

  random(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return this.seed / 2_147_483_648;
  }

  async addRoute(): Promise<number> {
    const proxy = await this.temp.db.proxy.create({ data: { name: `p${++this.proxies}`, url: "direct" } });
    const route = await this.temp.db.route.create({ data: { proxyId: proxy.id, targetId: this.targetId } });
    this.routes.push(route.id);
    return route.id;
  }

  deleteRoute(id: number): void {
    this.db.prepare(`DELETE FROM "Route" WHERE id = ?`).run(id);
    this.routes = this.routes.filter((route) => route !== id);
  }

  /** Results as a probe would give them: mostly ok, latencies from below 1 ms to 20 s, some repeated exactly. */
  results(ids: number[], lateByMs = 0, count = 1): ResultToRecord[] {
    const batch: ResultToRecord[] = [];
    for (const routeId of ids) {
      for (let n = 0; n < count; n++) {
        const at = this.now - Math.floor(this.random() * lateByMs);
        const roll = this.random();
        const kind: OutcomeKind = roll < 0.12 ? FAILURES[Math.floor(roll * 25) % FAILURES.length]! : "ok";
        const totalMs = roll < 0.2 ? 0.4 + roll : roll < 0.3 ? 250 : Math.round(this.random() * 20_000 * 100) / 100;
        batch.push({ routeId, targetId: this.targetId, result: makeResult(kind, at, kind === "timeout" ? 15_000 : totalMs) });
      }
    }
    return batch;
  }

  /** This process stores results and keeps their summaries. */
  probe(ids: number[] = this.routes, lateByMs = 0, count = 1): void {
    const batch = this.results(ids, lateByMs, count);
    recordResultsNow(this.db, batch, thresholds, this.now);
    this.keeper.record(batch, this.now);
  }

  /** Results stored at a given time (before the keeper starts, or late by any amount). */
  probeAt(at: number, ids: number[] = this.routes): void {
    const saved = this.now;
    this.now = at;
    const batch = this.results(ids);
    this.now = saved;
    recordResultsNow(this.db, batch, thresholds, this.now);
    this.keeper.record(batch, this.now);
  }

  /** Successful results of a given latency. */
  probeFixed(ids: number[], totalMs: number): void {
    const batch = ids.map((routeId) => ({ routeId, targetId: this.targetId, result: makeResult("ok", this.now, totalMs) }));
    recordResultsNow(this.db, batch, thresholds, this.now);
    this.keeper.record(batch, this.now);
  }

  /** Successes of the given latencies, each route one of each, stored at `at` (late when before now). */
  probeLatencies(values: number[], at = this.now, ids: number[] = this.routes): void {
    const batch = ids.flatMap((routeId) => values.map((ms) => ({ routeId, targetId: this.targetId, result: makeResult("ok", at, ms) })));
    recordResultsNow(this.db, batch, thresholds, this.now);
    this.keeper.record(batch, this.now);
  }

  /** Another process (the web server's "probe now") stores results: it recomputes and marks them. */
  probeElsewhere(ids: number[]): void {
    const batch = this.results(ids);
    recordResultsNow(this.db, batch, thresholds, this.now);
    refreshRouteSummaries(this.db, this.now, ids);
    markSummariesStale(this.db, ids);
  }

  /** Minute ticks (as the service's timer), probing every route each `probeEveryMs`. */
  run(forMs: number, probeEveryMs: number | null = MINUTE, tickMs = 10_000): void {
    const end = this.now + forMs;
    let nextProbe = probeEveryMs === null ? Infinity : this.now + probeEveryMs;
    while (this.now < end) {
      this.now = Math.min(end, this.now + tickMs);
      if (this.now >= nextProbe) {
        this.probe();
        nextProbe += probeEveryMs!;
      }
      this.keeper.tick(this.now);
    }
  }

  /** A minute later (a tick slides every route to now): every route's figures equal a full recompute, and its row shows them. */
  check(label: string): void {
    this.now += MINUTE;
    this.keeper.tick(this.now);
    const expected = this.recomputed();
    const kept = new Map([...expected.keys()].map((id) => [id, this.keeper.windowsOf(id)]));
    const actual = this.stored();
    // A route with no result yet may have no row nor state: readers show empty windows for it, as the recompute writes.
    for (const [id, windows] of expected) {
      if (windows["7d"].total !== 0) continue;
      if (!actual.has(id)) actual.set(id, emptyWindows());
      if (!kept.get(id)) kept.set(id, emptyWindows());
    }
    expect(kept, `${label}: in memory`).toEqual(expected);
    if (this.band === NO_DEADBAND) expect(actual, `${label}: stored`).toEqual(expected);
    else {
      expect([...actual.keys()], `${label}: the routes with a row`).toEqual([...expected.keys()]);
      const hour = Math.floor(this.now / HOUR) * HOUR;
      for (const [id, row] of this.storedRows()) {
        expect(row.computedAt, `${label}: route ${id}'s row is younger than the maximum age`).toBeGreaterThan(this.now - this.band.maxAgeMs);
        withinDeadband(row.windows, expected.get(id)!, this.histograms(id), row.computedAt < hour, this.band, `${label}: route ${id}`);
      }
    }
    this.compared++;
  }

  /** Right after a write (no minute passed): the routes written equal a full recompute. */
  checkWritten(ids: number[], label: string): void {
    this.keeper.flushChanged(this.now);
    const actual = this.stored();
    const expected = this.recomputed();
    for (const id of ids) expect(actual.get(id), `${label}: route ${id}`).toEqual(expected.get(id));
    this.compared++;
  }

  stored(): Map<number, RouteWindows> {
    return new Map([...this.storedRows()].map(([id, row]) => [id, row.windows]));
  }

  storedRows(): Map<number, { computedAt: number; windows: RouteWindows }> {
    const rows = this.db.prepare(`SELECT routeId, computedAt, windows FROM "RouteSummary" ORDER BY routeId`).all() as Array<{ routeId: number; computedAt: number; windows: string }>;
    return new Map(rows.map((row) => [row.routeId, { computedAt: row.computedAt, windows: JSON.parse(row.windows) as RouteWindows }]));
  }

  /** The full recompute's answer, without keeping it (a savepoint rolled back). */
  recomputed(): Map<number, RouteWindows> {
    this.db.exec("SAVEPOINT expected");
    try {
      refreshRouteSummaries(this.db, this.now);
      return this.stored();
    } finally {
      this.db.exec("ROLLBACK TO expected");
      this.db.exec("RELEASE expected");
    }
  }

  /** A route's latency histograms and extremes per window now, from the rollups, as the full recompute reads them. */
  histograms(routeId: number): Record<"1h" | "24h" | "7d", Timed> {
    const minute = Math.floor(this.now / MINUTE) * MINUTE;
    const hour = Math.floor(this.now / HOUR) * HOUR;
    const read = (table: string, since: number): Timed => {
      const timed: Timed = { hist: {}, min: null, max: null };
      const rows = this.db.prepare(`SELECT latencyHist, latencyMinMs, latencyMaxMs FROM "${table}" WHERE routeId = ? AND bucket >= ? AND okCount > 0`).all(routeId, since) as Array<{ latencyHist: string; latencyMinMs: number; latencyMaxMs: number }>;
      for (const row of rows) {
        mergeHistograms(timed.hist, parseHistogram(row.latencyHist));
        timed.min = Math.min(timed.min ?? Infinity, row.latencyMinMs);
        timed.max = Math.max(timed.max ?? -Infinity, row.latencyMaxMs);
      }
      return timed;
    };
    return { "1h": read("RollupMinute", minute - 59 * MINUTE), "24h": read("RollupHour", hour - 23 * HOUR), "7d": read("RollupHour", hour - 167 * HOUR) };
  }

  restart(): void {
    this.keeper = new IncrementalRouteSummaries(this.db, this.band);
    this.keeper.rebuild(this.now);
  }
}

interface Timed {
  hist: LatencyHistogram;
  min: number | null;
  max: number | null;
}

/**
 * The deadband as the test states it, independently of the code's: the
 * row shows each window empty or not as it is, within 0.1 point of uptime
 * or half a result's share of the window (so that a failure entering or
 * leaving is always shown), within 10% (or 5 ms) of p50 and p95 or within
 * what one result more or less would make them, except the 24h and 7d windows
 * of a row written before the last hour boundary (rewritten within its
 * maximum age).
 */
function withinDeadband(shown: RouteWindows, truth: RouteWindows, timed: Record<"1h" | "24h" | "7d", Timed>, beforeTheHour: boolean, band: SummaryDeadband, label: string): void {
  expect(band).toEqual(DEFAULT_DEADBAND);
  for (const name of ["1h", "24h", "7d"] as const) {
    const [row, now] = [shown[name], truth[name]];
    expect(row.total === 0, `${label} ${name} empty`).toBe(now.total === 0);
    if (now.total === 0 || (beforeTheHour && name !== "1h")) continue;
    expect(Math.abs(row.uptime! - now.uptime!), `${label} ${name} uptime`).toBeLessThan(Math.max(0.001, 0.5 / now.total));
    for (const [q, at] of [["p50", 0.5], ["p95", 0.95]] as const) {
      const [a, b] = [row[q], now[q]];
      expect(a === null, `${label} ${name} ${q} none`).toBe(b === null);
      if (a === null || b === null) continue;
      const { hist, min, max } = timed[name];
      const step = 1 / now.ok;
      const [low, high] = [quantile(hist, Math.max(0, at - step), { min, max })!, quantile(hist, Math.min(1, at + step), { min, max })!];
      expect(Math.abs(a - b) < 5 || Math.abs(a - b) < 0.1 * a || (a >= low && a <= high), `${label} ${name} ${q} ${a} → ${b} (one result: ${low}–${high})`).toBe(true);
    }
  }
}

async function world(routes = 4, historyDays = 8, band: SummaryDeadband = NO_DEADBAND): Promise<World> {
  temp = await createTempDatabase();
  sqlite = openSqlite(temp.path);
  const target = await temp.db.target.create({ data: { name: "t", baseUrl: "https://api.test/v1", model: "m" } });
  const w = new World(sqlite, temp, target.id, band);
  for (let i = 0; i < routes; i++) await w.addRoute();
  // History before the keeper starts: every 20 minutes for `historyDays`, so rows leave the 7d window as it runs.
  for (let at = w.now - historyDays * DAY; at < w.now - 2 * MINUTE; at += 20 * MINUTE) w.probeAt(at);
  w.keeper.rebuild(w.now);
  return w;
}

const cases: Array<{ name: string; historyDays?: number; run: (w: World) => Promise<void> | void }> = [
  {
    name: "probed every minute across hour boundaries",
    run: (w) => {
      w.check("after the rebuild");
      for (let i = 0; i < 9; i++) {
        w.run(23 * MINUTE);
        w.check(`after ${i + 1} × 23 minutes`);
      }
    },
  },
  {
    name: "several results per minute, checked right after each write",
    run: (w) => {
      for (let i = 0; i < 40; i++) {
        w.now += 17_000;
        w.keeper.tick(w.now);
        const ids = w.routes.filter((_, index) => (index + i) % 2 === 0);
        w.probe(ids, 0, 3);
        w.checkWritten(ids, `write ${i}`);
      }
      w.check("after the writes");
    },
  },
  {
    name: "late results (held while the disk was full) and results stamped in the future",
    run: (w) => {
      w.run(50 * MINUTE);
      w.probe(w.routes, 10 * MINUTE, 5);
      w.check("ten minutes late");
      w.probe(w.routes.slice(0, 2), 70 * MINUTE, 4);
      w.check("older than the 1h window");
      const saved = w.now;
      w.now = saved + 3 * MINUTE;
      const future = w.results(w.routes.slice(1));
      w.now = saved;
      recordResultsNow(w.db, future, thresholds, w.now);
      w.keeper.record(future, w.now);
      w.check("three minutes ahead");
      w.run(2 * HOUR);
      w.check("after the future ones became past");
    },
  },
  {
    name: "late results into the hour rows that are about to leave the 24h and 7d windows (after they were read ahead)",
    run: (w) => {
      w.run(45 * MINUTE);
      const hour = Math.floor(w.now / HOUR) * HOUR;
      w.probeAt(hour - 23 * HOUR + 5 * MINUTE);
      w.probeAt(hour - 167 * HOUR + 7 * MINUTE);
      w.check("before the hour");
      w.run(hour + HOUR + 5 * MINUTE - w.now);
      w.check("after the hour");
    },
  },
  {
    // All latencies in one histogram bucket ((955.6, 1051.2] ms): the
    // quantiles are clamped to the window's observed min and max, which
    // change as the extremes (960 ms, 1050 ms) leave each window.
    name: "the min/max clamps follow the extremes out of the 1h, 24h and 7d windows",
    historyDays: 0,
    run: (w) => {
      const [a] = w.routes;
      w.probeFixed([a!], 960);
      w.probeFixed([a!], 1050);
      for (const [label, forMs] of [["in every window", 30 * MINUTE], ["left the 1h window", 40 * MINUTE], ["left the 24h window", 24 * HOUR], ["left the 7d window", 6 * DAY]] as const) {
        const end = w.now + forMs;
        while (w.now < end) {
          w.now += 5 * MINUTE;
          w.probeFixed([a!], 1040);
          w.keeper.tick(w.now);
        }
        w.check(label);
      }
      // Only 1040 ms left: every quantile is clamped to it.
      expect(w.keeper.windowsOf(a!)!["7d"]).toMatchObject({ p50: 1040, p99: 1040 });
    },
  },
  {
    // All successes in one histogram bucket ((958.9, 1054.8] ms) and above
    // its middle, so p50 is clamped to the window's minimum and p99 to its
    // maximum: each step moves an extreme by a little, in the ways the
    // kept extremes take shortcuts (a result within its hour's known
    // extremes skips the hour queues; the 1h window's come from its
    // results, a minute row read at a restart putting its min and max on
    // two of them; a freed slot is reused by the next route).
    name: "extremes that move by a fraction of a millisecond: within an hour, late into the last one, across the hour, after a restart, in a reused slot",
    historyDays: 0,
    run: async (w) => {
      const hour = () => Math.floor(w.now / HOUR) * HOUR;
      const steps: Array<[string, (w: World) => void | Promise<void>]> = [
        ["the first results", (w) => w.probeLatencies([1045, 1041, 1050, 1046])],
        ["a minimum lower by 0.5 ms", (w) => w.probeLatencies([1040.5])],
        ["a maximum higher by 0.25 ms", (w) => w.probeLatencies([1050.25])],
        ["inside the extremes", (w) => w.probeLatencies([1044, 1050.2, 1040.6])],
        ["to 3 minutes past the hour", (w) => void (w.now = hour() + HOUR + 2 * MINUTE)],
        ["the new hour's first results, inside the last hour's extremes", (w) => w.probeLatencies([1046, 1047])],
        ["late into the last hour, just beyond its extremes", (w) => w.probeLatencies([1040.25, 1050.5], hour() - 2 * MINUTE)],
        ["the new hour's own extremes move", (w) => w.probeLatencies([1045.5, 1047.5])],
        ["several in one minute, then a restart reads them back from the minute rows", (w) => (w.probeLatencies([1043, 1053, 1039]), w.restart())],
        ["after the restart, just beyond the extremes read back", (w) => w.probeLatencies([1038.75, 1053.5])],
        ["a route deleted", (w) => w.deleteRoute(w.routes[0]!)],
        ["another added and probed (it may take the freed slot)", async (w) => (await w.addRoute(), w.probeLatencies([1042]))],
        ["the 1h window's extremes left it", (w) => void (w.now += 58 * MINUTE)],
        ["24 hours on", (w) => void (w.now += 24 * HOUR)],
      ];
      for (const [label, step] of steps) {
        await step(w);
        w.check(label);
      }
    },
  },
  {
    name: "routes paused for more than 1 hour and more than 24 hours",
    run: (w) => {
      const [first, second] = w.routes;
      w.run(30 * MINUTE);
      // Only the others are probed: the paused ones slide on the ticks alone.
      const probeOthers = (forMs: number) => {
        const end = w.now + forMs;
        while (w.now < end) {
          w.now += 10_000;
          if (w.now % MINUTE < 10_000) w.probe(w.routes.filter((id) => id !== first && id !== second));
          w.keeper.tick(w.now);
        }
      };
      probeOthers(90 * MINUTE);
      w.check("paused 1.5 h");
      probeOthers(25 * HOUR);
      w.check("paused 26.5 h");
      w.probe([first!]);
      w.check("first resumed");
      w.run(70 * MINUTE);
      w.check("all probed again");
    },
  },
  {
    name: "no ticks for two days (the process was suspended), then going on",
    run: (w) => {
      w.run(20 * MINUTE);
      w.now += 2 * DAY + 7 * MINUTE;
      w.probe();
      w.check("after the gap");
      w.now += 8 * DAY;
      w.check("after eight silent days");
      w.run(90 * MINUTE);
      w.check("probing again");
    },
  },
  {
    name: "routes deleted and added while running",
    run: async (w) => {
      w.run(20 * MINUTE);
      const gone = w.routes[1]!;
      w.deleteRoute(gone);
      w.check("one deleted");
      // A result stored for a route deleted while its probe ran (recordResults skips it).
      w.probe([gone, ...w.routes]);
      w.check("a result for the deleted route");
      await w.addRoute();
      w.check("one added, no results yet");
      w.run(65 * MINUTE);
      w.check("the new one probed for an hour");
      expect(w.stored().has(gone)).toBe(false);
    },
  },
  {
    name: "results written by another process (probe now on the web server)",
    run: (w) => {
      w.run(10 * MINUTE);
      w.probeElsewhere(w.routes.slice(0, 2));
      w.probeElsewhere([w.routes[0]!]);
      w.check("rebuilt from the markers");
      expect(w.db.prepare(`SELECT COUNT(*) AS n FROM "RouteSummaryStale"`).get()).toEqual({ n: 0 });
      w.run(75 * MINUTE);
      w.check("their buckets left the 1h window");
    },
  },
  {
    name: "pruning that reaches inside the 7d window (hour rollups kept 1 day)",
    run: async (w) => {
      const policy: RetentionPolicy = { rawDays: 1, minuteRollupDays: 1.1, rollupDays: 1 };
      w.run(30 * MINUTE);
      const report = await new SqliteUpkeepStore(w.db).prune(policy, w.now);
      expect(report.hourRollups).toBeGreaterThan(0);
      w.keeper.afterPrune(report, policy, w.now);
      w.check("after pruning");
      w.run(70 * MINUTE);
      w.keeper.afterPrune(await new SqliteUpkeepStore(w.db).prune(policy, w.now), policy, w.now);
      w.check("after the next prune");
    },
  },
  {
    name: "pruning with the default retention changes nothing inside the windows",
    run: async (w) => {
      const policy: RetentionPolicy = { rawDays: 7, minuteRollupDays: 2, rollupDays: 7.1 };
      w.run(30 * MINUTE);
      w.keeper.afterPrune(await new SqliteUpkeepStore(w.db).prune(policy, w.now), policy, w.now);
      w.check("after pruning");
    },
  },
  {
    name: "restart: a new process rebuilds the same figures and goes on",
    run: (w) => {
      w.run(40 * MINUTE);
      w.probe();
      w.restart();
      w.check("right after the restart");
      w.run(50 * MINUTE);
      w.check("after running on");
    },
  },
  {
    name: "the wall clock set back an hour, then forward again",
    run: (w) => {
      w.run(30 * MINUTE);
      w.now -= HOUR;
      w.probe();
      w.check("set back");
      w.now += 2 * HOUR;
      w.probe();
      w.check("forward again");
    },
  },
];

describe("incremental route summaries equal a full recompute", () => {
  it.each(cases)("$name", async ({ run, historyDays }) => {
    const w = await world(4, historyDays, NO_DEADBAND);
    await run(w);
    expect(w.compared).toBeGreaterThan(0);
  });
});

describe("with the default deadband, the figures equal a full recompute and the rows stay within the deadband", () => {
  it.each(cases)("$name", async ({ run, historyDays }) => {
    const w = await world(4, historyDays, DEFAULT_DEADBAND);
    await run(w);
    expect(w.compared).toBeGreaterThan(0);
  });
});
