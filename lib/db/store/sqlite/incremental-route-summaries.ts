import type BetterSqlite3 from "better-sqlite3";
import type { Sqlite } from "../../sqlite";
import { bucketIndex, parseHistogram } from "../../../monitoring/latency-histogram";
import type { ResultToRecord } from "../result-store";
import type { RollupRow, RouteWindows } from "../../../monitoring/route-windows";
import { bucketStart, HOUR_MS, MINUTE_MS } from "../../../monitoring/rollup-bucket";
import type { PruneReport, RetentionPolicy } from "../upkeep-store";
import { SlidingMinimum } from "../../../monitoring/sliding-minimum";
import { WindowEvents } from "../../../monitoring/window-events";
import { DEFAULT_DEADBAND, FIGURES, movedMaterially, type SummaryDeadband } from "../../../monitoring/summary-deadband";
import { summaryJson, summaryWindows } from "../../../monitoring/summary-json";
import { RouteWindowCounts, type RollupSlice } from "../../../monitoring/route-window-counts";

const DAY_MS = 86_400_000;
/** The windows, in summary-deadband's order. */
const H1 = 0;
const D1 = 1;
const D7 = 2;
const ALL_WINDOWS = 0b111;
/** The windows as refreshRouteSummaries defines them: whole buckets, the current one included. */
const SPAN_1H = 59 * MINUTE_MS;
const SPAN_24H = 23 * HOUR_MS;
const SPAN_7D = 167 * HOUR_MS;
/** How long a tick may spend reading routes startLazily left (a few ms each with a week of rollups). */
const PENDING_BUDGET_MS = 50;
/**
 * Hour rows read ahead per tick and window: the next hour's leaving rows
 * are all read within ~330 of its 360 ticks (spread over the hour, with
 * room for late ticks; a row not read ahead is read when it leaves).
 */
const PREFETCH_SHARE = 330;

interface RouteState {
  id: number;
  /** The minute and hour bucket the windows were last slid to. */
  minute: number;
  hour: number;
  /** Where the route's window counts are kept (RouteWindowCounts). */
  slot: number;
  /** The 1h window's results in minute order, to subtract them as they leave (and its minimum and maximum latency). */
  events: WindowEvents;
  hourMin: SlidingMinimum;
  hourMax: SlidingMinimum;
  /**
   * The hour bucket last offered to hourMin/hourMax and the lowest and
   * highest latency offered for it: a result of that hour within them
   * changes neither (the usual case), so it need not touch them.
   */
  extremesHour: number;
  hourLow: number;
  hourHigh: number;
  /** The 24h and 7d windows' minimum and maximum latency as last read from hourMin/hourMax (null: none), while `extremesRead`. */
  extremes: [number | null, number | null, number | null, number | null];
  extremesRead: boolean;
  /** Hour rows read ahead of the hour boundary at which they leave a window, by bucket. */
  leaving: Map<number, RollupSlice> | null;
  /** The figures changed since they were last compared with the row. */
  dirty: boolean;
  /** The row must be written at the next flush (a route new here or rebuilt). */
  force: boolean;
  /** An hour boundary passed since the row was written (see movedMaterially). */
  rolled: boolean;
  /** The figures in the row (summary-deadband's layout), and the figures now, valid for the windows not in `stale`. */
  shown: Float64Array;
  next: Float64Array;
  /**
   * The windows (bit 1 << window) whose figures, and whose one-result
   * bands, in `next` are out of date: a window's quantiles are recomputed
   * only after its counts or extremes changed (at a minute's tick only the
   * 1h window's did, but every probed route is compared again).
   */
  stale: number;
  bandsStale: number;
}

type Statement = BetterSqlite3.Statement;

const COLUMNS = `routeId, bucket, total, okCount, latencyHist, latencyMinMs, latencyMaxMs`;

/**
 * Keeps every route's 1h / 24h / 7d summary (RouteSummary) up to date with
 * work proportional to what changed: each new result is added to the
 * route's running window counts, each bucket that slides out is subtracted.
 * The figures in memory are the same as a full recompute
 * (refreshRouteSummaries), which tests/integration/incremental-summaries
 * checks case by case. A route's row is rewritten, in one transaction per
 * flush, when its figures moved materially since the row was written, and
 * otherwise at least every few minutes (summary-deadband): writing every
 * route every minute was most of the summaries' cost at 10,000 routes.
 *
 * The state lives in the memory of the one process that runs the scheduler
 * (it writes nearly every result) and is read from the rollups, route by
 * route, once that process leads (startLazily). A result written by another process (a "probe now"
 * on the web server) is summarised there by a full recompute of its route,
 * which also leaves a RouteSummaryStale marker: this process rebuilds those
 * routes from the rollups on its next tick.
 */
export class IncrementalRouteSummaries {
  private readonly states = new Map<number, RouteState>();
  private readonly counts = new RouteWindowCounts();
  /** The states whose figures changed since they were last compared with their rows (or that must be written). */
  private readonly changed = new Set<RouteState>();
  /**
   * The periodic rewrite sweeps the routes in id order, a share each tick
   * by the time within maxAgeMs: even over time, and neighbouring rows
   * share pages, which a write touches once rather than once per row
   * (random rows cost several times more to commit).
   */
  private sweepIds: number[] | null = null;
  private sweptAt = Number.NaN;
  /** How many routes were added or removed since the last sweep. */
  private sweepShift = 0;
  /** The minute every route's windows were last slid to. */
  private slidMinute = Number.NaN;
  /** Routes startLazily left to read from the rollups, lowest id first, from pendingAt on. */
  private pending: number[] = [];
  private pendingAt = 0;
  private prefetch = { hour: Number.NaN, cursors: [0, 0], done: [false, false] };
  private readonly statements;
  /** The route movedMaterially is comparing, and its bands filler (one function, not a closure per route and tick). */
  private comparing: RouteState | null = null;
  private readonly bandsOfComparing = (window: number) => bands(this.counts, this.comparing!, window);

  constructor(
    private readonly db: Sqlite,
    private readonly band: SummaryDeadband = DEFAULT_DEADBAND,
  ) {
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

  /** Reads every route's state from the rollups at once and writes every summary (tests and the bench; the service starts lazily). */
  rebuild(now: number = Date.now()): void {
    this.clear();
    // Markers left before these reads: their results are in what is read next (later ones wait for the next tick).
    const stale = this.statements.staleIds.all() as Array<{ routeId: number }>;
    const ids = (this.statements.routeIds.all() as Array<{ id: number }>).map((row) => row.id);
    for (const id of ids) this.track(newState(id, now, this.counts.allocate()));
    const since = windowStarts(now);
    for (const row of this.statements.minutesSince.iterate(since.h1) as Iterable<RollupRow>) {
      const state = this.states.get(row.routeId);
      if (state) addMinuteRow(this.counts, state, row);
    }
    for (const row of this.statements.hoursSince.iterate(since.d7) as Iterable<RollupRow>) {
      const state = this.states.get(row.routeId);
      if (state) addHourRow(this.counts, state, row);
    }
    // The rows leaving at the next hour were just read: nothing to read ahead this hour.
    this.prefetch = { hour: bucketStart(now, HOUR_MS), cursors: [0, 0], done: [true, true] };
    const all = [...this.states.values()];
    for (const state of all) figures(this.counts, state);
    const written = this.db.transaction(() => {
      for (const { routeId } of stale) this.statements.clearStale.run(routeId);
      return this.write(all, now);
    }).immediate();
    this.wrote(written);
    this.changed.clear();
    // Every row was just written: the sweep goes on from here.
    this.sweptAt = now;
    this.sweepShift = 0;
    this.slidMinute = since.minute;
  }

  /**
   * Starts keeping the summaries without reading every route's rollups in
   * one piece (at 10,000 routes with a week of rollups that is tens of
   * seconds of CPU, during which nothing else in the process runs: no
   * probe, no web request). A route is read from the rollups when its first
   * result comes, the others a few milliseconds' worth each tick; until
   * then a route's row keeps what it showed. Reading a route when it is
   * first needed also takes in what another process stored for it until
   * then (the previous scheduler's last probes, after a lease handover),
   * which a read of everything at takeover would miss.
   */
  startLazily(): void {
    this.clear();
    this.pending = (this.statements.routeIds.all() as Array<{ id: number }>).map((row) => row.id).sort((a, b) => a - b);
    this.pendingAt = 0;
  }

  /** How many routes startLazily left to read. */
  get pendingCount(): number {
    return this.pending.length - this.pendingAt;
  }

  /** Forgets everything (this process no longer runs the scheduler). */
  clear(): void {
    this.pending = [];
    this.pendingAt = 0;
    this.states.clear();
    this.counts.clear();
    this.changed.clear();
    this.sweepIds = null;
    this.sweepShift = 0;
    this.sweptAt = this.slidMinute = Number.NaN;
    this.prefetch = { hour: Number.NaN, cursors: [0, 0], done: [false, false] };
  }

  /** Adds results just stored by this process; their summaries are written at the next flush that finds them moved. */
  record(items: readonly ResultToRecord[], now: number = Date.now()): void {
    const minute = bucketStart(now, MINUTE_MS);
    const hour = bucketStart(now, HOUR_MS);
    let rebuilt: Set<number> | null = null;
    for (const { routeId, result } of items) {
      if (rebuilt?.has(routeId)) continue;
      const state = this.states.get(routeId);
      // A route new to this process (or a clock set back): its rows already hold this batch.
      if (!state || ((state.minute !== minute || state.hour !== hour) && !slide(this.counts, state, now, this.statements.routeHoursBetween))) {
        this.rebuildRoute(routeId, now);
        (rebuilt ??= new Set()).add(routeId);
        continue;
      }
      addResult(this.counts, state, result.startedAt, result.ok, result.timings.totalMs);
      this.changed.add(state);
    }
  }

  /**
   * The periodic step: rebuilds routes marked stale by other processes,
   * reads ahead the hour rows that leave the windows at the next hour,
   * slides every route's windows to the new minute, and writes the
   * summaries that moved materially, are new, or are next in the periodic
   * sweep. Returns how many it wrote.
   */
  tick(now: number = Date.now()): number {
    this.readPending(now);
    this.rebuildStale(now);
    this.readAhead(now);
    const minute = bucketStart(now, MINUTE_MS);
    if (minute !== this.slidMinute) this.slideAll(now);
    const toWrite: RouteState[] = [];
    const counts = this.counts;
    for (const state of this.changed) {
      figures(counts, state);
      this.comparing = state;
      if (state.force || movedMaterially(state.shown, state.next, state.rolled, this.band, this.bandsOfComparing)) toWrite.push(state);
      else state.dirty = false;
    }
    const moved = new Set(toWrite);
    // Routes this write forgets (deleted) shift the places of the next sweep: those count from here on.
    const shifted = this.sweepShift;
    for (const state of this.sweep(now)) {
      if (moved.has(state)) continue;
      figures(counts, state);
      toWrite.push(state);
    }
    const written = this.wrote(this.db.transaction(() => this.write(toWrite, now))());
    // Only once written: a failed write leaves these routes changed, and their turn in the sweep, for the next tick.
    this.changed.clear();
    this.sweptAt = now;
    this.sweepShift -= shifted;
    return written;
  }

  /**
   * Writes at once, whatever the deadband, the summaries changed since the
   * last flush (of the given routes only, when given): a person asked for
   * these probes and looks at their figures. Returns how many. When the
   * write fails they stay changed, for the next flush.
   */
  flushChanged(now: number = Date.now(), routeIds?: readonly number[]): number {
    const minute = bucketStart(now, MINUTE_MS);
    const hour = bucketStart(now, HOUR_MS);
    const toWrite: RouteState[] = [];
    for (const state of routeIds ? routeIds.map((id) => this.states.get(id)) : [...this.changed]) {
      if (!state || !this.changed.has(state)) continue;
      // Figures as of now (the time the row will say); a clock set back leaves it to the next tick, which rebuilds it.
      if ((state.minute === minute && state.hour === hour) || slide(this.counts, state, now, this.statements.routeHoursBetween)) {
        figures(this.counts, state);
        toWrite.push(state);
      }
    }
    const written = this.db.transaction(() => this.write(toWrite, now))();
    for (const state of written) this.changed.delete(state);
    return this.wrote(written);
  }

  /**
   * After pruning: rollups deleted inside a window (hour rollups kept less
   * than 7 days) were never subtracted, so the state is rebuilt to match.
   */
  afterPrune(report: PruneReport, policy: RetentionPolicy, now: number = Date.now()): void {
    const since = windowStarts(now);
    const inside = (report.hourRollups > 0 && now - policy.rollupDays * DAY_MS > since.d7) || (report.minuteRollups > 0 && now - policy.minuteRollupDays * DAY_MS > since.h1);
    if (inside && this.states.size > 0) this.startLazily();
  }

  /** The figures kept for a route (tests compare them with a full recompute). */
  windowsOf(routeId: number): RouteWindows | null {
    const state = this.states.get(routeId);
    if (!state) return null;
    figures(this.counts, state);
    return summaryWindows(state.next);
  }

  /**
   * Writes the states' rows from their `next` figures, inside the caller's
   * transaction; returns the states written. A route deleted since is
   * forgotten (it gets no row).
   */
  private write(states: RouteState[], now: number): RouteState[] {
    // In id order: neighbouring rows share pages, which are then visited once and in order.
    states.sort(byId);
    const written: RouteState[] = [];
    for (const state of states) {
      const json = summaryJson(state.next);
      if (this.statements.update.run(now, json, state.id).changes === 0 && this.statements.insert.run({ id: state.id, now, json }).changes === 0) {
        this.forget(state.id);
        continue;
      }
      written.push(state);
    }
    return written;
  }

  /**
   * Once the write committed: the rows show the `next` figures. Until then
   * nothing here changes, so a write that fails leaves its routes changed
   * (or due) for the next flush. Returns how many were written.
   */
  private wrote(states: readonly RouteState[]): number {
    for (const state of states) {
      state.shown.set(state.next);
      state.dirty = state.force = state.rolled = false;
    }
    return states.length;
  }

  /**
   * Slides every route's windows to `now`'s minute (results leave them
   * whether or not new ones come); the routes whose figures changed are
   * compared with their rows. A route whose clock went back is rebuilt.
   */
  private slideAll(now: number): void {
    const minute = bucketStart(now, MINUTE_MS);
    const hour = bucketStart(now, HOUR_MS);
    let clockBack: number[] | null = null;
    for (const state of this.states.values()) {
      if (state.minute === minute && state.hour === hour) continue;
      if (!slide(this.counts, state, now, this.statements.routeHoursBetween)) (clockBack ??= []).push(state.id);
      else if (state.dirty) this.changed.add(state);
    }
    // Buckets subtracted earlier would be inside the windows again.
    for (const id of clockBack ?? []) this.rebuildRoute(id, now);
    this.slidMinute = minute;
  }

  /** The routes whose turn in the periodic rewrite came since the last tick (all of them after a pause of maxAgeMs). */
  private sweep(now: number): RouteState[] {
    const period = this.band.maxAgeMs;
    const since = this.sweptAt;
    this.sweepIds ??= [...this.states.keys()].sort((a, b) => a - b);
    const ids = this.sweepIds;
    const length = ids.length;
    const position = (at: number) => Math.floor((length * (((at % period) + period) % period)) / period);
    let picked: number[];
    if (!(now - since < period) || !(now > since)) picked = ids;
    else {
      // Routes added or removed since shift the others' places by as many: start that much earlier, so none is passed over.
      const from = position(since) - this.sweepShift;
      let to = position(now);
      if (to < position(since)) to += length;
      picked = [];
      if (to - from >= length) picked = ids;
      else for (let at = from; at < to; at++) picked.push(ids[((at % length) + length) % length]!);
    }
    const states: RouteState[] = [];
    for (const id of picked) {
      const state = this.states.get(id);
      if (state) states.push(state);
    }
    return states;
  }

  private track(state: RouteState): void {
    if (!this.states.has(state.id)) {
      this.sweepIds = null;
      this.sweepShift++;
    }
    this.states.set(state.id, state);
    this.changed.add(state);
  }

  private forget(routeId: number): void {
    const state = this.states.get(routeId);
    if (!state) return;
    this.changed.delete(state);
    this.states.delete(routeId);
    this.counts.release(state.slot);
    this.sweepIds = null;
    this.sweepShift++;
  }

  /** Reads routes left by startLazily, for at most PENDING_BUDGET_MS (at least one a tick). */
  private readPending(now: number): void {
    const deadline = performance.now() + PENDING_BUDGET_MS;
    while (this.pendingAt < this.pending.length) {
      const id = this.pending[this.pendingAt++]!;
      // Its first result may have come first (record reads a route it does not keep).
      if (this.states.has(id)) continue;
      this.rebuildRoute(id, now);
      if (performance.now() >= deadline) break;
    }
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

  /** Reads the route's state from the rollups; its row is written at the next flush. */
  private rebuildRoute(routeId: number, now: number): void {
    if (!this.statements.routeExists.get(routeId)) return this.forget(routeId);
    // Replaced in place (the same routes, the same places in the sweep).
    const old = this.states.get(routeId);
    if (old) this.changed.delete(old);
    const slot = old ? old.slot : this.counts.allocate();
    this.counts.reset(slot);
    const state = newState(routeId, now, slot);
    const since = windowStarts(now);
    for (const row of this.statements.routeMinutesSince.iterate(routeId, since.h1) as Iterable<RollupRow>) addMinuteRow(this.counts, state, row);
    for (const row of this.statements.routeHoursSince.iterate(routeId, since.d7) as Iterable<RollupRow>) addHourRow(this.counts, state, row);
    this.track(state);
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
}

function byId(a: RouteState, b: RouteState): number {
  return a.id - b.id;
}

function windowStarts(now: number) {
  const minute = bucketStart(now, MINUTE_MS);
  const hour = bucketStart(now, HOUR_MS);
  return { minute, hour, h1: minute - SPAN_1H, d1: hour - SPAN_24H, d7: hour - SPAN_7D };
}

function newState(id: number, now: number, slot: number): RouteState {
  const { minute, hour } = windowStarts(now);
  return {
    id,
    minute,
    hour,
    slot,
    events: new WindowEvents(),
    hourMin: new SlidingMinimum(),
    hourMax: new SlidingMinimum(),
    extremesHour: Number.NaN,
    hourLow: Number.NaN,
    hourHigh: Number.NaN,
    extremes: [null, null, null, null],
    extremesRead: false,
    leaving: null,
    dirty: false,
    // Written at the next flush (it may fail: the state stays forced until a write succeeds).
    force: true,
    rolled: false,
    shown: new Float64Array(FIGURES),
    next: new Float64Array(FIGURES),
    stale: ALL_WINDOWS,
    bandsStale: ALL_WINDOWS,
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

function addMinuteRow(counts: RouteWindowCounts, state: RouteState, row: RollupRow): void {
  const slice = toSlice(row);
  counts.addSlice(state.slot, H1, slice, 1);
  // The row's minimum and maximum ride on its first two successes (the window's extremes are read from the results' latencies;
  // a row of one success has min = max).
  const min = slice.min ?? Number.NaN;
  const max = slice.max ?? Number.NaN;
  let carried = 0;
  for (const key in slice.hist) {
    for (let n = slice.hist[key]!; n > 0; n--, carried++) state.events.insert(row.bucket, Number(key), carried === 0 ? min : carried === 1 ? max : Number.NaN);
  }
  for (let n = row.total - row.okCount; n > 0; n--) state.events.insert(row.bucket, -1, Number.NaN);
}

function addHourRow(counts: RouteWindowCounts, state: RouteState, row: RollupRow): void {
  const slice = toSlice(row);
  const since = state.hour - SPAN_24H;
  counts.addSlice(state.slot, D7, slice, 1);
  if (row.bucket >= since) counts.addSlice(state.slot, D1, slice, 1);
  offerExtremes(state.hourMin, state.hourMax, row.bucket, slice.min, slice.max);
  state.extremesRead = false;
  // Read ahead for free: the rows that leave a window at the next hour.
  if (row.bucket === since || row.bucket === state.hour - SPAN_7D) (state.leaving ??= new Map()).set(row.bucket, slice);
}

/** The last minute parsed, by its text ("2026-11-30T02:30"): a batch's results share a few minutes. */
let parsedPrefix = "";
let parsedMinute = 0;

/** The minute bucket of a result's ISO start time, parsing only a minute's first result (Date.parse is most of a result's cost). */
function minuteOf(startedAt: string): number {
  // toISOString's own shape (UTC, milliseconds): its first 16 characters name the minute.
  const canonical = startedAt.length === 24 && startedAt.charCodeAt(23) === 90; /* Z */
  if (canonical && parsedPrefix !== "" && startedAt.startsWith(parsedPrefix)) return parsedMinute;
  const minute = bucketStart(Date.parse(startedAt), MINUTE_MS);
  if (canonical) {
    parsedPrefix = startedAt.slice(0, 16);
    parsedMinute = minute;
  }
  return minute;
}

/** One stored result, as record-results adds it to the minute and hour rollups. */
function addResult(counts: RouteWindowCounts, state: RouteState, startedAt: string, ok: boolean, totalMs: number | null): void {
  const minute = minuteOf(startedAt);
  const hour = bucketStart(minute, HOUR_MS);
  const ms = totalMs ?? 0;
  const code = ok ? bucketIndex(ms) : -1;
  if (minute >= state.minute - SPAN_1H) {
    counts.addResult(state.slot, H1, code, 1);
    state.events.insert(minute, code, ok ? ms : Number.NaN);
    state.stale |= 1 << H1;
    state.bandsStale |= 1 << H1;
  }
  if (hour >= state.hour - SPAN_7D) {
    counts.addResult(state.slot, D7, code, 1);
    if (hour >= state.hour - SPAN_24H) counts.addResult(state.slot, D1, code, 1);
    // Both hour windows: a late result outside the 24h window still moves the 7d one, and the extremes are shared.
    state.stale |= (1 << D1) | (1 << D7);
    state.bandsStale |= (1 << D1) | (1 << D7);
    if (ok && !(hour === state.extremesHour && ms >= state.hourLow && ms <= state.hourHigh)) {
      offerExtremes(state.hourMin, state.hourMax, hour, ms, ms);
      state.extremesRead = false;
      // What the queues now hold for this hour at most (offers only lower a minimum: still true after later ones).
      if (hour === state.extremesHour) {
        state.hourLow = Math.min(state.hourLow, ms);
        state.hourHigh = Math.max(state.hourHigh, ms);
      } else {
        state.extremesHour = hour;
        state.hourLow = state.hourHigh = ms;
      }
    }
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
function slide(counts: RouteWindowCounts, state: RouteState, now: number, hoursBetween: Statement): boolean {
  const minute = bucketStart(now, MINUTE_MS);
  const hour = bucketStart(now, HOUR_MS);
  if (minute < state.minute || hour < state.hour) return false;
  if (minute > state.minute) {
    const h1 = minute - SPAN_1H;
    const events = state.events;
    while (events.startsBefore(h1)) {
      counts.addResult(state.slot, H1, events.shift(), -1);
      state.dirty = true;
      state.stale |= 1 << H1;
      state.bandsStale |= 1 << H1;
    }
    state.minute = minute;
  }
  if (hour > state.hour) {
    const d1 = hour - SPAN_24H;
    const d7 = hour - SPAN_7D;
    subtractLeft(counts, state, D1, state.hour - SPAN_24H, d1, hoursBetween);
    subtractLeft(counts, state, D7, state.hour - SPAN_7D, d7, hoursBetween);
    if (state.leaving) {
      for (const bucket of state.leaving.keys()) if (bucket !== d1 && bucket !== d7) state.leaving.delete(bucket);
      if (state.leaving.size === 0) state.leaving = null;
    }
    state.hourMin.expire(d7);
    state.hourMax.expire(d7);
    state.extremesRead = false;
    state.hour = hour;
    state.rolled = true;
    state.stale = state.bandsStale = ALL_WINDOWS;
  }
  return true;
}

/** Subtracts from a window the hour rows in [from, to) that left it: the one read ahead, or else those read now. */
function subtractLeft(counts: RouteWindowCounts, state: RouteState, window: number, from: number, to: number, hoursBetween: Statement): void {
  const ahead = to - from === HOUR_MS ? state.leaving?.get(from) : undefined;
  if (ahead) return subtractSlice(counts, state, window, ahead);
  for (const row of hoursBetween.iterate(state.id, from, to) as Iterable<RollupRow>) subtractSlice(counts, state, window, toSlice(row));
}

function subtractSlice(counts: RouteWindowCounts, state: RouteState, window: number, slice: RollupSlice): void {
  counts.addSlice(state.slot, window, slice, -1);
  if (slice.total > 0) state.dirty = true;
}

/** Brings the route's figures in `next` up to date (summary-deadband's layout): only the windows that changed. */
function figures(counts: RouteWindowCounts, state: RouteState): void {
  const stale = state.stale;
  if (stale === 0) return;
  const out = state.next;
  if (stale & (1 << H1)) counts.figuresInto(out, state.slot, H1, orNull(state.events.minMs()), orNull(state.events.maxMs()));
  if (stale & ((1 << D1) | (1 << D7))) {
    const extremes = hourExtremes(state);
    if (stale & (1 << D1)) counts.figuresInto(out, state.slot, D1, extremes[0], extremes[1]);
    if (stale & (1 << D7)) counts.figuresInto(out, state.slot, D7, extremes[2], extremes[3]);
  }
  state.stale = 0;
}

/** One window's one-result bands of p50 and p95, into `next` (summary-deadband's layout), unless they are up to date. */
function bands(counts: RouteWindowCounts, state: RouteState, window: number): void {
  const bit = 1 << window;
  if (!(state.bandsStale & bit)) return;
  state.bandsStale &= ~bit;
  if (window === H1) return counts.bandsInto(state.next, state.slot, window, orNull(state.events.minMs()), orNull(state.events.maxMs()));
  const extremes = hourExtremes(state);
  const at = window === D1 ? 0 : 2;
  counts.bandsInto(state.next, state.slot, window, extremes[at]!, extremes[at + 1]!);
}

/** The 24h and 7d windows' min and max latency, read from the hour queues only after they changed. */
function hourExtremes(state: RouteState): RouteState["extremes"] {
  const extremes = state.extremes;
  if (!state.extremesRead) {
    const d1 = state.hour - SPAN_24H;
    const d7 = state.hour - SPAN_7D;
    extremes[0] = state.hourMin.minSince(d1);
    extremes[1] = negated(state.hourMax.minSince(d1));
    extremes[2] = state.hourMin.minSince(d7);
    extremes[3] = negated(state.hourMax.minSince(d7));
    state.extremesRead = true;
  }
  return extremes;
}

/** The maxima are kept as minima of negated values. */
function negated(value: number | null): number | null {
  return value === null ? null : -value;
}

function orNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}
