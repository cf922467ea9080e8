import type pg from "pg";
import { summarizeRollups, summaryWindowStarts, type RollupRow } from "../../../monitoring/route-windows";
import type { ResultToRecord } from "../result-store";
import type { SummaryStore } from "../summary-store";
import type { PruneReport, RetentionPolicy } from "../upkeep-store";
import { pgTime } from "./pg-pool";

/** Every route's row is rewritten at least this often, so that its windows slide. */
const SWEEP_MS = 5 * 60_000;
/** How often tick() is called (monitor-service), for the sweep's share per tick. */
const TICK_MS = 10_000;

/**
 * SummaryStore on PostgreSQL: the keeper recomputes, at each tick, the
 * routes that got results since the last one, plus a share of all routes
 * so that each is rewritten at least every 5 minutes (windows slide), from
 * their rollups, with the same arithmetic as SQLite's full refresh
 * (summarizeRollups). Simpler than SQLite's incremental keeper, and its cost
 * grows with the routes probed per tick.
 */
export class PostgresSummaryStore implements SummaryStore {
  private readonly dirty = new Set<number>();
  private keeping = false;
  private sweepAfter = 0;
  private sweptAt = 0;

  constructor(private readonly pool: pg.Pool) {}

  async startKeeping(): Promise<void> {
    this.keeping = true;
    this.sweptAt = Date.now();
    this.sweepAfter = 0;
  }

  stopKeeping(): void {
    this.keeping = false;
    this.dirty.clear();
  }

  async record(items: readonly ResultToRecord[]): Promise<void> {
    for (const item of items) this.dirty.add(item.routeId);
  }

  async tick(now: number): Promise<void> {
    if (!this.keeping) return;
    const ids = new Set(this.dirty);
    this.dirty.clear();
    for (const id of await this.sweepShare(now)) ids.add(id);
    await this.refresh([...ids], now);
  }

  async flushChanged(now: number, routeIds: readonly number[]): Promise<void> {
    const ids = routeIds.filter((id) => this.dirty.delete(id));
    await this.refresh(ids, now);
  }

  async afterPrune(_report: PruneReport, _policy: RetentionPolicy, now: number): Promise<void> {
    // Rows deleted inside a window change it: the sweep starts over from the first route.
    this.sweepAfter = 0;
    this.sweptAt = now - SWEEP_MS;
  }

  async refreshWritten(routeIds: readonly number[], now: number): Promise<void> {
    await this.refresh([...routeIds], now);
  }

  /** The next routes (in id order) of the sweep: all of them over SWEEP_MS, in equal shares per tick. */
  private async sweepShare(now: number): Promise<number[]> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM "Route"`);
    const elapsed = Math.max(TICK_MS, now - this.sweptAt);
    this.sweptAt = now;
    const share = Math.ceil((rows[0]!.n * Math.min(elapsed, SWEEP_MS)) / SWEEP_MS);
    const { rows: next } = await this.pool.query<{ id: number }>(`SELECT id FROM "Route" WHERE id > $1 ORDER BY id LIMIT $2`, [this.sweepAfter, share]);
    // Past the last route (or none at all): the next sweep starts from the first.
    this.sweepAfter = next.length === 0 || next.length < share ? 0 : next[next.length - 1]!.id;
    return next.map((row) => row.id);
  }

  private async refresh(routeIds: number[], now: number): Promise<void> {
    if (!routeIds.length) return;
    routeIds.sort((a, b) => a - b);
    const since = summaryWindowStarts(now);
    const columns = `"routeId", bucket, total, "okCount", "latencyHist", "latencyMinMs", "latencyMaxMs"`;
    const minutes = await this.pool.query<RollupRow>(`SELECT ${columns} FROM "RollupMinute" WHERE "routeId" = ANY($1::int[]) AND bucket >= $2`, [routeIds, pgTime(since.h1)]);
    const hours = await this.pool.query<RollupRow>(`SELECT ${columns} FROM "RollupHour" WHERE "routeId" = ANY($1::int[]) AND bucket >= $2`, [routeIds, pgTime(since.d7)]);
    const summaries = summarizeRollups(routeIds, minutes.rows, hours.rows, now);
    const ids = [...summaries.keys()];
    // Only routes that still exist (one may be deleted meanwhile).
    await this.pool.query(
        `INSERT INTO "RouteSummary" ("routeId", "computedAt", windows)
         SELECT u.id, $3, u.windows FROM unnest($1::int[], $2::text[]) AS u(id, windows) WHERE EXISTS (SELECT 1 FROM "Route" r WHERE r.id = u.id)
         ON CONFLICT ("routeId") DO UPDATE SET "computedAt" = excluded."computedAt", windows = excluded.windows`,
      [ids, ids.map((id) => JSON.stringify(summaries.get(id))), pgTime(now)],
    );
  }
}
