import type BetterSqlite3 from "better-sqlite3";
import type { Sqlite } from "../db/sqlite";
import { bucketIndex, parseHistogram } from "./latency-histogram";
import type { ResultToRecord } from "./record-results";
import type { RouteWindows } from "./refresh-route-summaries";
import { bucketStart, HOUR_MS, MINUTE_MS } from "./rollup-bucket";
import type { PruneReport, RetentionPolicy } from "./prune-old-data";
import { SlidingMinimum } from "./sliding-minimum";
import { WindowCounts, type RollupSlice } from "./window-counts";
import type { RollupRow } from "./refresh-route-summaries";

const DAY_MS = 86_400_000;
/** The windows as refreshRouteSummaries defines them: whole buckets, the current one included. */
const SPAN_1H = 59 * MINUTE_MS;
const SPAN_24H = 23 * HOUR_MS;
const SPAN_7D = 167 * HOUR_MS;
/** A route with no new result is brought up to date (its windows slid) when its summary is this old. */
export const SLIDE_AFTER_MS = 60_000;
/** Hour rows read ahead per tick and window: the next hour's leaving rows are all read within ~200 ticks. */
const PREFETCH_SHARE = 200;

interface RouteState {
  id: number;
  /** The minute and hour bucket the windows were last slid to. */
  minute: number;
  hour: number;
  h1: WindowCounts;
  d1: WindowCounts;
  d7: WindowCounts;
  /** The 1h window's results in minute order (code: latency bucket, -1 failed), to subtract them as they leave. */
  eventMinute: number[];
  eventCode: number[];
  minuteMin: SlidingMinimum;
  minuteMax: SlidingMinimum;
  hourMin: SlidingMinimum;
  hourMax: SlidingMinimum;
  /** Hour rows read ahead of the hour boundary at which they leave a window, by bucket. */
  leaving: Map<number, RollupSlice> | null;
  dirty: boolean;
  writtenAt: number;
}

type Statement = BetterSqlite3.Statement;

const COLUMNS = `routeId, bucket, total, okCount, latencyHist, latencyMinMs, latencyMaxMs`;

/**
 * Keeps every route's 1h / 24h / 7d summary (RouteSummary) up to date with
 * work proportional to what changed: each new result is added to the
 * route's running window counts, each bucket that slides out is subtracted,
 * and only routes whose figures changed are written, together, in one
 * transaction per flush. The same figures as a full recompute
 * (refreshRouteSummaries), which tests/integration/incremental-summaries
 * checks case by case.
 *
 * The state lives in the memory of the one process that runs the scheduler
 * (it writes nearly every result) and is rebuilt from the rollups when that
 * process starts leading. A result written by another process (a "probe now"
 * on the web server) is summarised there by a full recompute of its route,
 * which also leaves a RouteSummaryStale marker: this process rebuilds those
 * routes from the rollups on its next tick.
 */
export class IncrementalRouteSummaries {
  private readonly states = new Map<number, RouteState>();
  /** The same states, oldest write first (a Map keeps insertion order; a write moves a route to the end). */
  private readonly byWrittenAt = new Map<number, RouteState>();
  /** The states whose figures changed since the last flush. */
  private readonly changed = new Set<RouteState>();
  private prefetch = { hour: Number.NaN, cursors: [0, 0], done: [false, false] };
  private readonly statements;

  constructor(private readonly db: Sqlite) {
    this.statements = {
      routeIds: db.prepare(`SELECT id FROM "Route"`),
      routeExists: db.prepare(`SELECT 1 FROM "Route" WHERE id = ?`),
      minutesSince: db.prepare(`SELECT ${COLUMNS} FROM "RollupMinute" WHERE bucket >= ?`),
      hoursSince: db.prepare(`SELECT ${COLUMNS} FROM "RollupHour" WHERE bucket >= ?`),
      routeMinutesSince: db.prepare(`SELECT ${COLUMNS} FROM "RollupMinute" WHERE routeId = ? AND bucket >= ?`),
      routeHoursSince: db.prepare(`SELECT ${COLUMNS} FROM "RollupHour" WHERE routeId = ? AND bucket >= ?`),
      routeHoursBetween: db.prepare(`SELECT ${COLUMNS} FROM "RollupHour" WHERE routeId = ? AND bucket >= ? AND bucket < ?`),
      hoursAt: db.prepare(`SELECT rowid AS rid, ${COLUMNS} FROM "RollupHour" WHERE bucket = ? AND rowid > ? ORDER BY rowid LIMIT ?`),
      update: db.prepare(`UPDATE "RouteSummary" SET computedAt = ?, windows = ? WHERE routeId = ?`),
      // A route deleted since its last result gets no row (and is forgotten).
      insert: db.prepare(`INSERT INTO "RouteSummary" (routeId, computedAt, windows) SELECT @id, @now, @json WHERE EXISTS (SELECT 1 FROM "Route" WHERE id = @id)`),
      staleIds: db.prepare(`SELECT routeId FROM "RouteSummaryStale"`),
      clearStale: db.prepare(`DELETE FROM "RouteSummaryStale" WHERE routeId = ?`),
    };
  }

  /** How many routes are kept. */
  get size(): number {
    return this.states.size;
  }

  /** Rebuilds every route's state from the rollups and writes every summary (at start, and when the data changed under it). */
  rebuild(now: number = Date.now()): void {
    this.clear();
    // Markers left before these reads: their results are in what is read next (later ones wait for the next tick).
    const stale = this.statements.staleIds.all() as Array<{ routeId: number }>;
    const ids = (this.statements.routeIds.all() as Array<{ id: number }>).map((row) => row.id);
    for (const id of ids) this.track(newState(id, now));
    const since = windowStarts(now);
    for (const row of this.statements.minutesSince.iterate(since.h1) as Iterable<RollupRow>) {
      const state = this.states.get(row.routeId);
      if (state) addMinuteRow(state, row);
    }
    for (const row of this.statements.hoursSince.iterate(since.d7) as Iterable<RollupRow>) {
      const state = this.states.get(row.routeId);
      if (state) addHourRow(state, row);
    }
    // The rows leaving at the next hour were just read: nothing to read ahead this hour.
    this.prefetch = { hour: bucketStart(now, HOUR_MS), cursors: [0, 0], done: [true, true] };
    this.db.transaction(() => {
      for (const state of this.states.values()) this.changed.add(state);
      for (const { routeId } of stale) this.statements.clearStale.run(routeId);
      this.flush(now);
    }).immediate();
    this.changed.clear();
  }

  /** Forgets everything (this process no longer runs the scheduler). */
  clear(): void {
    this.states.clear();
    this.byWrittenAt.clear();
    this.changed.clear();
    this.prefetch = { hour: Number.NaN, cursors: [0, 0], done: [false, false] };
  }

  /** Adds results just stored by this process; their summaries are written at the next flush. */
  record(items: readonly ResultToRecord[], now: number = Date.now()): void {
    const rebuilt = new Set<number>();
    for (const { routeId, result } of items) {
      if (rebuilt.has(routeId)) continue;
      const state = this.states.get(routeId);
      // A route new to this process (or a clock set back): its rows already hold this batch.
      if (!state || !slide(state, now, this.statements.routeHoursBetween)) {
        this.rebuildRoute(routeId, now);
        rebuilt.add(routeId);
        continue;
      }
      addResult(state, result.startedAt, result.ok, result.timings.totalMs);
      this.noteChange(state);
    }
  }

  /**
   * The periodic step: rebuilds routes marked stale by other processes,
   * reads ahead the hour rows that leave the windows at the next hour,
   * slides the windows of routes not written for SLIDE_AFTER_MS, and writes
   * every changed summary. Returns how many summaries it wrote.
   */
  tick(now: number = Date.now()): number {
    this.rebuildStale(now);
    this.readAhead(now);
    for (const state of this.byWrittenAt.values()) {
      if (state.writtenAt > now - SLIDE_AFTER_MS) break;
      if (!slide(state, now, this.statements.routeHoursBetween)) this.rebuildRoute(state.id, now);
      else {
        this.noteChange(state);
        this.touch(state, now);
      }
    }
    return this.flushChanged(now);
  }

  /**
   * Writes the summaries changed since the last flush, in one transaction
   * (one write of each page, rather than one per batch of results); returns
   * how many. When the write fails they stay marked, for the next flush.
   */
  flushChanged(now: number = Date.now()): number {
    const written = this.db.transaction(() => this.flush(now))();
    this.changed.clear();
    return written;
  }

  /**
   * After pruning: rollups deleted inside a window (hour rollups kept less
   * than 7 days) were never subtracted, so the state is rebuilt to match.
   */
  afterPrune(report: PruneReport, policy: RetentionPolicy, now: number = Date.now()): void {
    const since = windowStarts(now);
    const inside = (report.hourRollups > 0 && now - policy.rollupDays * DAY_MS > since.d7) || (report.minuteRollups > 0 && now - policy.minuteRollupDays * DAY_MS > since.h1);
    if (inside && this.states.size > 0) this.rebuild(now);
  }

  /** The figures kept for a route (tests compare them with a full recompute). */
  windowsOf(routeId: number): RouteWindows | null {
    const state = this.states.get(routeId);
    return state ? windows(state) : null;
  }

  private flush(now: number): number {
    let written = 0;
    for (const state of this.changed) {
      const json = JSON.stringify(windows(state));
      if (this.statements.update.run(now, json, state.id).changes === 0 && this.statements.insert.run({ id: state.id, now, json }).changes === 0) {
        this.forget(state.id);
        continue;
      }
      this.touch(state, now);
      written++;
    }
    return written;
  }

  private rebuildStale(now: number): void {
    const stale = this.statements.staleIds.all() as Array<{ routeId: number }>;
    if (stale.length === 0) return;
    // Immediate: no other process marks a route between reading its rollups and clearing its marker.
    this.db.transaction(() => {
      for (const { routeId } of this.statements.staleIds.all() as Array<{ routeId: number }>) {
        this.rebuildRoute(routeId, now);
        this.statements.clearStale.run(routeId);
      }
    }).immediate();
  }

  private rebuildRoute(routeId: number, now: number): void {
    this.forget(routeId);
    if (!this.statements.routeExists.get(routeId)) return;
    const state = newState(routeId, now);
    const since = windowStarts(now);
    for (const row of this.statements.routeMinutesSince.iterate(routeId, since.h1) as Iterable<RollupRow>) addMinuteRow(state, row);
    for (const row of this.statements.routeHoursSince.iterate(routeId, since.d7) as Iterable<RollupRow>) addHourRow(state, row);
    this.track(state);
    this.changed.add(state);
  }


  /**
   * Reads a share of the hour rows that leave the 24h and 7d windows at the
   * next hour, so that the hour boundary itself costs no reads: without
   * this, every route's first summary after the hour would read two rows.
   */
  private readAhead(now: number): void {
    const hour = bucketStart(now, HOUR_MS);
    if (this.prefetch.hour !== hour) this.prefetch = { hour, cursors: [0, 0], done: [false, false] };
    const limit = Math.ceil(this.states.size / PREFETCH_SHARE) + 1;
    [hour - SPAN_24H, hour - SPAN_7D].forEach((bucket, which) => {
      if (this.prefetch.done[which]) return;
      const rows = this.statements.hoursAt.all(bucket, this.prefetch.cursors[which], limit) as Array<RollupRow & { rid: number }>;
      for (const row of rows) {
        const state = this.states.get(row.routeId);
        if (state) (state.leaving ??= new Map()).set(row.bucket, toSlice(row));
      }
      if (rows.length) this.prefetch.cursors[which] = rows[rows.length - 1]!.rid;
      if (rows.length < limit) this.prefetch.done[which] = true;
    });
  }

  private noteChange(state: RouteState): void {
    if (!state.dirty) return;
    state.dirty = false;
    this.changed.add(state);
  }

  private track(state: RouteState): void {
    this.states.set(state.id, state);
    this.byWrittenAt.set(state.id, state);
  }

  private touch(state: RouteState, now: number): void {
    state.writtenAt = now;
    this.byWrittenAt.delete(state.id);
    this.byWrittenAt.set(state.id, state);
  }

  private forget(routeId: number): void {
    const state = this.states.get(routeId);
    if (state) this.changed.delete(state);
    this.states.delete(routeId);
    this.byWrittenAt.delete(routeId);
  }
}

function windowStarts(now: number) {
  const minute = bucketStart(now, MINUTE_MS);
  const hour = bucketStart(now, HOUR_MS);
  return { minute, hour, h1: minute - SPAN_1H, d1: hour - SPAN_24H, d7: hour - SPAN_7D };
}

function newState(id: number, now: number): RouteState {
  const { minute, hour } = windowStarts(now);
  return {
    id,
    minute,
    hour,
    h1: new WindowCounts(),
    d1: new WindowCounts(),
    d7: new WindowCounts(),
    eventMinute: [],
    eventCode: [],
    minuteMin: new SlidingMinimum(),
    minuteMax: new SlidingMinimum(),
    hourMin: new SlidingMinimum(),
    hourMax: new SlidingMinimum(),
    leaving: null,
    dirty: false,
    writtenAt: now,
  };
}

function toSlice(row: RollupRow): RollupSlice {
  // As the full recompute: a row without a success adds no latency.
  const ok = row.okCount > 0;
  return { total: row.total, okCount: row.okCount, hist: ok ? parseHistogram(row.latencyHist) : {}, min: ok ? row.latencyMinMs : null, max: ok ? row.latencyMaxMs : null };
}

function offerExtremes(low: SlidingMinimum, high: SlidingMinimum, bucket: number, min: number | null, max: number | null): void {
  if (min !== null) low.offer(bucket, min);
  if (max !== null) high.offer(bucket, -max);
}

function addMinuteRow(state: RouteState, row: RollupRow): void {
  const slice = toSlice(row);
  state.h1.addSlice(slice, 1);
  offerExtremes(state.minuteMin, state.minuteMax, row.bucket, slice.min, slice.max);
  for (const key in slice.hist) for (let n = slice.hist[key]!; n > 0; n--) insertEvent(state, row.bucket, Number(key));
  for (let n = row.total - row.okCount; n > 0; n--) insertEvent(state, row.bucket, -1);
}

function addHourRow(state: RouteState, row: RollupRow): void {
  const slice = toSlice(row);
  const since = state.hour - SPAN_24H;
  state.d7.addSlice(slice, 1);
  if (row.bucket >= since) state.d1.addSlice(slice, 1);
  offerExtremes(state.hourMin, state.hourMax, row.bucket, slice.min, slice.max);
  // Read ahead for free: the rows that leave a window at the next hour.
  if (row.bucket === since || row.bucket === state.hour - SPAN_7D) (state.leaving ??= new Map()).set(row.bucket, slice);
}

/** Keeps the 1h window's results in minute order (a late result is inserted in its place). */
function insertEvent(state: RouteState, minute: number, code: number): void {
  const { eventMinute, eventCode } = state;
  let at = eventMinute.length;
  while (at > 0 && eventMinute[at - 1]! > minute) at--;
  if (at === eventMinute.length) {
    eventMinute.push(minute);
    eventCode.push(code);
  } else {
    eventMinute.splice(at, 0, minute);
    eventCode.splice(at, 0, code);
  }
}

/** One stored result, as record-results adds it to the minute and hour rollups. */
function addResult(state: RouteState, startedAt: string, ok: boolean, totalMs: number | null): void {
  const at = Date.parse(startedAt);
  const minute = bucketStart(at, MINUTE_MS);
  const hour = bucketStart(at, HOUR_MS);
  const ms = totalMs ?? 0;
  const code = ok ? bucketIndex(ms) : -1;
  if (minute >= state.minute - SPAN_1H) {
    state.h1.addResult(code, 1);
    insertEvent(state, minute, code);
    if (ok) offerExtremes(state.minuteMin, state.minuteMax, minute, ms, ms);
  }
  if (hour >= state.hour - SPAN_7D) {
    state.d7.addResult(code, 1);
    if (hour >= state.hour - SPAN_24H) state.d1.addResult(code, 1);
    if (ok) offerExtremes(state.hourMin, state.hourMax, hour, ms, ms);
    // A late result in a row already read ahead: that row leaves with it.
    const ahead = state.leaving?.get(hour);
    if (ahead) {
      ahead.total += 1;
      if (ok) {
        ahead.okCount += 1;
        ahead.hist[code] = (ahead.hist[code] ?? 0) + 1;
        ahead.min = ahead.min === null ? ms : Math.min(ahead.min, ms);
        ahead.max = ahead.max === null ? ms : Math.max(ahead.max, ms);
      }
    }
  }
  state.dirty = true;
}

/**
 * Moves a route's windows to `now`: subtracts the results and rows that
 * left them. False when the clock went back (the route must be rebuilt:
 * buckets subtracted earlier would be inside the windows again).
 */
function slide(state: RouteState, now: number, hoursBetween: Statement): boolean {
  const { minute, hour, h1, d1, d7 } = windowStarts(now);
  if (minute < state.minute || hour < state.hour) return false;
  if (minute > state.minute) {
    const { eventMinute, eventCode } = state;
    let gone = 0;
    while (gone < eventMinute.length && eventMinute[gone]! < h1) state.h1.addResult(eventCode[gone++]!, -1);
    if (gone > 0) {
      eventMinute.splice(0, gone);
      eventCode.splice(0, gone);
      state.dirty = true;
    }
    state.minuteMin.expire(h1);
    state.minuteMax.expire(h1);
    state.minute = minute;
  }
  if (hour > state.hour) {
    for (const [counts, from, to] of [
      [state.d1, state.hour - SPAN_24H, d1],
      [state.d7, state.hour - SPAN_7D, d7],
    ] as const) {
      const ahead = state.leaving?.get(from);
      const rows = to - from === HOUR_MS && ahead ? [ahead] : [...(hoursBetween.iterate(state.id, from, to) as Iterable<RollupRow>)].map(toSlice);
      for (const slice of rows) {
        counts.addSlice(slice, -1);
        if (slice.total > 0) state.dirty = true;
      }
    }
    if (state.leaving) {
      for (const bucket of state.leaving.keys()) if (bucket !== d1 && bucket !== d7) state.leaving.delete(bucket);
      if (state.leaving.size === 0) state.leaving = null;
    }
    state.hourMin.expire(d7);
    state.hourMax.expire(d7);
    state.hour = hour;
  }
  return true;
}

function windows(state: RouteState): RouteWindows {
  const since = state.hour - SPAN_24H;
  const minOf = (low: SlidingMinimum, start: number) => low.minSince(start);
  const maxOf = (high: SlidingMinimum, start: number) => {
    const negated = high.minSince(start);
    return negated === null ? null : -negated;
  };
  return {
    "1h": state.h1.summary(minOf(state.minuteMin, state.minute - SPAN_1H), maxOf(state.minuteMax, state.minute - SPAN_1H)),
    "24h": state.d1.summary(minOf(state.hourMin, since), maxOf(state.hourMax, since)),
    "7d": state.d7.summary(minOf(state.hourMin, state.hour - SPAN_7D), maxOf(state.hourMax, state.hour - SPAN_7D)),
  };
}
