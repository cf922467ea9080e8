import type { Sqlite } from "../../sqlite";
import { addToBucket, bucketFromRow, bucketStart, bucketToRow, emptyBucket, HOUR_MS, MINUTE_MS, type RollupRow } from "../../../monitoring/rollup-bucket";
import { DEFAULT_LATENCY_WINDOW, isSlow, nextRouteState, p95, type RouteState, type StateThresholds } from "../../../monitoring/route-state";
import { LATENCY_BUCKETS_MS, latencyBucketIndex } from "../../../metrics/latency-buckets";
import { ADD_TOKEN_DAY_SQL, TokenDayTallies } from "../../../monitoring/tally-token-days";
import { encodeResult, INSERT_RESULT_SQL, msFromStored } from "../../../monitoring/probe-result-codec";
import { dominantKind, isNewest, QUOTA_FIELDS } from "../../../monitoring/result-rules";
import { prepared } from "../../prepared";
import { ROUTE_ACTIVE_SQL } from "../../../monitoring/apply-pauses";
import type { PauseChange, ResultStore, ResultToRecord, StateChange, StoredStreamBatch, StreamBatch } from "../result-store";

export class SqliteResultStore implements ResultStore {
  constructor(private readonly sqlite: Sqlite) {}

  async record(batch: ResultToRecord[], thresholds: StateThresholds, now: number): Promise<StateChange[]> {
    return recordResultsNow(this.sqlite, batch, thresholds, now);
  }

  async recordStream(batch: StreamBatch, thresholds: StateThresholds): Promise<StoredStreamBatch> {
    const { sqlite } = this;
    const { locationId, streamId, now } = batch;
    return sqlite
      .transaction((): StoredStreamBatch => {
        const row = prepared(sqlite, `SELECT lastSeq FROM "AgentStream" WHERE locationId = ? AND streamId = ?`).get(locationId, streamId) as { lastSeq: number } | undefined;
        const before = Number(row?.lastSeq ?? 0);
        const lastSeq = Math.max(before, ...batch.seqs);
        prepared(
          sqlite,
          `INSERT INTO "AgentStream" (locationId, streamId, lastSeq, updatedAt) VALUES (?, ?, ?, ?) ON CONFLICT (locationId, streamId) DO UPDATE SET lastSeq = excluded.lastSeq, updatedAt = excluded.updatedAt`,
        ).run(locationId, streamId, lastSeq, now);
        const stored = batch.results.filter((entry) => entry.seq > before).map((entry) => entry.item);
        const changes = stored.length ? recordResultsNow(sqlite, stored, thresholds, now) : [];
        return { before, lastSeq, stored, changes };
      })
      .immediate();
  }

  async applyPauses(now: number): Promise<PauseChange[]> {
    const { sqlite } = this;
    const changes: PauseChange[] = [];
    sqlite.transaction(() => {
      const rows = prepared(
        sqlite,
        `SELECT r.id, r.state, ${ROUTE_ACTIVE_SQL} AS active
           FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId JOIN "Target" t ON t.id = r.targetId
          WHERE (${ROUTE_ACTIVE_SQL}) = (r.state = 'paused')`,
      ).all() as Array<{ id: number; state: string; active: number }>;
      const setState = prepared(sqlite, `UPDATE "Route" SET state = ?, stateChangedAt = ?, okStreak = 0, failStreak = 0 WHERE id = ?`);
      const event = prepared(sqlite, `INSERT INTO "RouteEvent" (routeId, at, fromState, toState, kind, message) VALUES (?, ?, ?, ?, NULL, ?)`);
      const closeIncident = prepared(sqlite, `UPDATE "Incident" SET endedAt = ? WHERE routeId = ? AND endedAt IS NULL`);
      for (const row of rows) {
        const pausing = row.active === 0;
        const to = pausing ? "paused" : "unknown";
        setState.run(to, now, row.id);
        event.run(row.id, now, row.state, to, pausing ? "paused" : "resumed");
        if (pausing) closeIncident.run(now, row.id);
        changes.push({ routeId: row.id, paused: pausing });
      }
    })();
    return changes;
  }

  async addSkippedSlots(routeId: number, slots: number): Promise<void> {
    prepared(this.sqlite, `UPDATE "Route" SET skippedSlots = skippedSlots + ? WHERE id = ?`).run(slots, routeId);
  }
}

/**
 * The SQLite implementation of ResultStore.record, synchronous: for the store
 * and for code that seeds a SQLite file directly (the demo, tests, benchmarks).
 */
export function recordResultsNow(db: Sqlite, batch: ResultToRecord[], thresholds: StateThresholds, now: number = Date.now()): StateChange[] {
  const statements = prepare(db);
  const changes: StateChange[] = [];
  db.transaction(() => {
    const tokenDays = new TokenDayTallies();
    for (const { routeId, targetId, result } of batch) {
      const route = statements.getRoute.get(routeId) as
        | { state: RouteState; okStreak: number; failStreak: number; lastProbeAt: number | null; slowAboveMs: number | null; slowWindow: number | null }
        | undefined;
      if (!route) continue; // the route was deleted while its probe ran
      const at = Date.parse(result.startedAt);
      const t = result.timings;
      const q = result.quota;
      statements.insertResult.run(encodeResult(routeId, { ...result, at }));
      tokenDays.add(targetId, at, result.usage);
      const input = { ok: result.ok, kind: result.kind, ...t };
      for (const [table, size] of [["RollupMinute", MINUTE_MS], ["RollupHour", HOUR_MS]] as const) {
        const bucket = bucketStart(at, size);
        const existing = statements.getRollup[table].get(routeId, bucket) as RollupRow | undefined;
        const merged = bucketToRow(addToBucket(existing ? bucketFromRow(existing) : emptyBucket(), input));
        statements.putRollup[table].run({ routeId, bucket, ...merged });
      }
      statements.countProbe.run(routeId, result.kind);
      if (result.ok && t.totalMs !== null) {
        const latency = statements.getLatency.get(routeId) as { buckets: string } | undefined;
        const buckets = latency ? (JSON.parse(latency.buckets) as number[]) : new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
        const index = latencyBucketIndex(t.totalMs);
        buckets[index] = (buckets[index] ?? 0) + 1;
        statements.putLatency.run({ routeId, ms: t.totalMs, buckets: JSON.stringify(buckets) });
      }
      // A result older than the route's last one (a slow probe stored after a
      // later one, e.g. by another process) is history: it is stored above but
      // moves neither the route's last result nor its state backwards.
      if (isNewest(at, route.lastProbeAt, now)) {
        const window = route.slowWindow ?? DEFAULT_LATENCY_WINDOW;
        // Only read when it can matter: a threshold is set and this probe succeeded (this result is among them).
        const latest = result.ok && route.slowAboveMs !== null ? (statements.latestOkMs.all(routeId, window) as number[]).map((hundredths) => msFromStored(hundredths)!) : [];
        const slow = isSlow(latest, route.slowAboveMs, window);
        const next = nextRouteState(route, result.ok, thresholds, slow);
        statements.updateRoute.run(next.state, next.changed ? at : null, next.okStreak, next.failStreak, at, result.ok ? 1 : 0, result.kind, t.totalMs, routeId);
        if (!result.ok) statements.setLastFail.run(at, result.kind, routeId);
        if (next.changed) {
          // Degraded by latency: the event names it ("slow"), with the figures, so alerts and the page can say why.
          const kind = result.ok ? (slow ? "slow" : null) : result.kind;
          const message = result.ok
            ? slow
              ? `p95 ${Math.round(p95(latest.slice(0, window))!)} ms over the last ${Math.min(latest.length, window)} successful probes is above the ${route.slowAboveMs} ms threshold`
              : null
            : result.message;
          statements.insertEvent.run(routeId, at, route.state, next.state, kind, message);
          changes.push({ routeId, at, fromState: route.state, toState: next.state, kind });
          trackIncident(statements, routeId, at, next.state, kind);
        }
      }
      const hasQuota = QUOTA_FIELDS.some((field) => q[field] !== null);
      const quotaFacts = hasQuota || result.kind === "quota_exhausted" || result.ok;
      const previous = quotaFacts
        ? (statements.getQuota.get(targetId) as (Record<(typeof QUOTA_FIELDS)[number], number | null> & { at: number }) | undefined)
        : undefined;
      // Like the route's last result: an older answer never replaces a newer one.
      if (quotaFacts && isNewest(at, previous?.at ?? null, now)) {
        // A failure without headers keeps the last known numbers.
        const keep = (field: (typeof QUOTA_FIELDS)[number]) => (hasQuota ? q[field] : (previous?.[field] ?? null));
        statements.putQuota.run(
          targetId, at, routeId,
          keep("limitRequests"), keep("remainingRequests"), keep("resetRequestsMs"), keep("limitTokens"), keep("remainingTokens"), keep("resetTokensMs"),
          result.kind === "quota_exhausted" ? 1 : 0, result.kind,
        );
      }
    }
    for (const tally of tokenDays.list()) statements.addTokenDay.run(tally);
  })();
  return changes;
}

/**
 * An incident opens when a route goes down and closes when it is up again,
 * with the failure kind seen most while it lasted.
 */
function trackIncident(statements: ReturnType<typeof build>, routeId: number, at: number, state: RouteState, kind: string | null): void {
  const open = statements.openIncident.get(routeId) as { id: number; startedAt: number } | undefined;
  if (state === "down" && !open) statements.insertIncident.run(routeId, at, kind);
  if (state === "up" && open) {
    statements.closeIncident.run(at, dominantKind(statements.failureCounts.all(routeId, open.startedAt, at) as Array<{ kindCode: number; n: number }>), open.id);
  }
}

const cache = new WeakMap<Sqlite, ReturnType<typeof build>>();

function prepare(db: Sqlite) {
  let statements = cache.get(db);
  if (!statements) {
    statements = build(db);
    cache.set(db, statements);
  }
  return statements;
}

function build(db: Sqlite) {
  const rollupColumns = "total, okCount, kindCounts, latencySumMs, latencyMinMs, latencyMaxMs, latencyHist, dnsSumMs, connectSumMs, tunnelSumMs, tlsSumMs, ttfbSumMs";
  const rollupValues = "@total, @okCount, @kindCounts, @latencySumMs, @latencyMinMs, @latencyMaxMs, @latencyHist, @dnsSumMs, @connectSumMs, @tunnelSumMs, @tlsSumMs, @ttfbSumMs";
  const getRollup = (table: string) => db.prepare(`SELECT ${rollupColumns} FROM "${table}" WHERE routeId = ? AND bucket = ?`);
  const putRollup = (table: string) =>
    db.prepare(`INSERT OR REPLACE INTO "${table}" (routeId, bucket, ${rollupColumns}) VALUES (@routeId, @bucket, ${rollupValues})`);
  return {
    // The route's latency threshold overrides its target's (window likewise).
    getRoute: db.prepare(
      `SELECT r.state, r.okStreak, r.failStreak, r.lastProbeAt, COALESCE(r.slowAboveMs, t.slowAboveMs) AS slowAboveMs, COALESCE(r.slowWindow, t.slowWindow) AS slowWindow
         FROM "Route" r JOIN "Target" t ON t.id = r.targetId WHERE r.id = ?`,
    ),
    latestOkMs: db.prepare(`SELECT totalMsX100 FROM "ProbeResult" WHERE routeId = ? AND ok = 1 AND totalMsX100 IS NOT NULL ORDER BY at DESC LIMIT ?`).pluck(),
    insertResult: db.prepare(INSERT_RESULT_SQL),
    getRollup: { RollupMinute: getRollup("RollupMinute"), RollupHour: getRollup("RollupHour") },
    putRollup: { RollupMinute: putRollup("RollupMinute"), RollupHour: putRollup("RollupHour") },
    updateRoute: db.prepare(
      `UPDATE "Route" SET state = ?, stateChangedAt = COALESCE(?, stateChangedAt), okStreak = ?, failStreak = ?,
        lastProbeAt = ?, lastOk = ?, lastKind = ?, lastTotalMs = ? WHERE id = ?`,
    ),
    setLastFail: db.prepare(`UPDATE "Route" SET lastFailAt = ?, lastFailKind = ? WHERE id = ?`),
    insertEvent: db.prepare(`INSERT INTO "RouteEvent" (routeId, at, fromState, toState, kind, message) VALUES (?, ?, ?, ?, ?, ?)`),
    countProbe: db.prepare(`INSERT INTO "ProbeCounter" (routeId, kind, count) VALUES (?, ?, 1) ON CONFLICT (routeId, kind) DO UPDATE SET count = count + 1`),
    getLatency: db.prepare(`SELECT buckets FROM "LatencyCounter" WHERE routeId = ?`),
    putLatency: db.prepare(
      `INSERT INTO "LatencyCounter" (routeId, count, sumMs, buckets) VALUES (@routeId, 1, @ms, @buckets)
       ON CONFLICT (routeId) DO UPDATE SET count = count + 1, sumMs = sumMs + @ms, buckets = @buckets`,
    ),
    openIncident: db.prepare(`SELECT id, startedAt FROM "Incident" WHERE routeId = ? AND endedAt IS NULL ORDER BY startedAt DESC LIMIT 1`),
    insertIncident: db.prepare(`INSERT INTO "Incident" (routeId, startedAt, kind) VALUES (?, ?, ?)`),
    // From a little before the incident opened: the failures that brought it down count too.
    failureCounts: db.prepare(`SELECT kindCode, COUNT(*) AS n FROM "ProbeResult" WHERE routeId = ? AND ok = 0 AND at >= ? - 3600000 AND at <= ? GROUP BY kindCode`),
    closeIncident: db.prepare(`UPDATE "Incident" SET endedAt = ?, kind = COALESCE(?, kind) WHERE id = ?`),
    addTokenDay: db.prepare(ADD_TOKEN_DAY_SQL),
    getQuota: db.prepare(`SELECT at, ${QUOTA_FIELDS.join(", ")} FROM "QuotaSnapshot" WHERE targetId = ?`),
    putQuota: db.prepare(
      `INSERT OR REPLACE INTO "QuotaSnapshot" (targetId, at, routeId, ${QUOTA_FIELDS.join(", ")}, exhausted, lastKind)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}
