import type pg from "pg";
import { kindCode } from "../../../classify/kind-codes";
import { LATENCY_BUCKETS_MS, latencyBucketIndex } from "../../../metrics/latency-buckets";
import { encodeResult, msFromStored } from "../../../monitoring/probe-result-codec";
import { dominantKind, isNewest, QUOTA_FIELDS, type QuotaFacts } from "../../../monitoring/result-rules";
import { addToBucket, bucketFromRow, bucketStart, bucketToRow, emptyBucket, HOUR_MS, MINUTE_MS, type RollupBucket, type RollupRow } from "../../../monitoring/rollup-bucket";
import { DEFAULT_LATENCY_WINDOW, isSlow, nextRouteState, p95, type RouteState, type StateThresholds } from "../../../monitoring/route-state";
import { TokenDayTallies } from "../../../monitoring/tally-token-days";
import type { PauseChange, ResultStore, ResultToRecord, StateChange, StoredStreamBatch, StreamBatch } from "../result-store";
import { insertRows, type PgColumn } from "./pg-bulk";
import { fitInteger } from "./pg-integer";
import { inTransaction, pgTime } from "./pg-pool";

/**
 * ResultStore on PostgreSQL. A batch is one transaction that first locks
 * its routes' rows (in id order, so two hub processes storing results of the
 * same routes wait for each other instead of deadlocking), then works the
 * batch out in memory with the same rules as the SQLite store and writes it
 * with a few set-based statements: a round trip per row would cost more
 * than the writes.
 */
export class PostgresResultStore implements ResultStore {
  constructor(private readonly pool: pg.Pool) {}

  record(batch: ResultToRecord[], thresholds: StateThresholds, now: number): Promise<StateChange[]> {
    if (batch.length === 0) return Promise.resolve([]);
    return inTransaction(this.pool, (client) => recordBatch(client, batch, thresholds, now));
  }

  recordStream(batch: StreamBatch, thresholds: StateThresholds): Promise<StoredStreamBatch> {
    return inTransaction(this.pool, async (client) => {
      // The stream's row, locked: a replay arriving at another hub process waits for this one.
      await client.query(
        `INSERT INTO "AgentStream" ("locationId", "streamId", "lastSeq", "updatedAt") VALUES ($1, $2, 0, $3) ON CONFLICT ("locationId", "streamId") DO NOTHING`,
        [batch.locationId, batch.streamId, pgTime(batch.now)],
      );
      const { rows } = await client.query<{ lastSeq: number }>(`SELECT "lastSeq" FROM "AgentStream" WHERE "locationId" = $1 AND "streamId" = $2 FOR UPDATE`, [batch.locationId, batch.streamId]);
      const before = Number(rows[0]?.lastSeq ?? 0);
      const lastSeq = Math.max(before, ...batch.seqs);
      await client.query(`UPDATE "AgentStream" SET "lastSeq" = $3, "updatedAt" = $4 WHERE "locationId" = $1 AND "streamId" = $2`, [batch.locationId, batch.streamId, lastSeq, pgTime(batch.now)]);
      const stored = batch.results.filter((entry) => entry.seq > before).map((entry) => entry.item);
      const changes = stored.length ? await recordBatch(client, stored, thresholds, batch.now) : [];
      return { before, lastSeq, stored, changes };
    });
  }

  applyPauses(now: number): Promise<PauseChange[]> {
    return inTransaction(this.pool, async (client) => {
      const active = `(r.enabled AND p.enabled AND NOT p."pausedInFile" AND t.enabled AND NOT t."pausedInFile")`;
      const { rows } = await client.query<{ id: number; state: string; active: boolean }>(
        `SELECT r.id, r.state, ${active} AS active
           FROM "Route" r JOIN "Proxy" p ON p.id = r."proxyId" JOIN "Target" t ON t.id = r."targetId"
          WHERE ${active} = (r.state = 'paused')
          ORDER BY r.id FOR UPDATE OF r`,
      );
      if (!rows.length) return [];
      const to = (row: { active: boolean }) => (row.active ? "unknown" : "paused");
      await client.query(
        `UPDATE "Route" r SET state = u.state, "stateChangedAt" = $3, "okStreak" = 0, "failStreak" = 0 FROM unnest($1::int[], $2::text[]) AS u(id, state) WHERE r.id = u.id`,
        [rows.map((row) => row.id), rows.map(to), pgTime(now)],
      );
      await insertRows(
        client,
        "RouteEvent",
        EVENT_COLUMNS,
        rows.map((row) => [row.id, pgTime(now), row.state, to(row), null, row.active ? "resumed" : "paused"]),
      );
      const paused = rows.filter((row) => !row.active).map((row) => row.id);
      if (paused.length) await client.query(`UPDATE "Incident" SET "endedAt" = $2 WHERE "routeId" = ANY($1::int[]) AND "endedAt" IS NULL`, [paused, pgTime(now)]);
      return rows.map((row) => ({ routeId: row.id, paused: !row.active }));
    });
  }

  async addSkippedSlots(routeId: number, slots: number): Promise<void> {
    await this.pool.query(`UPDATE "Route" SET "skippedSlots" = "skippedSlots" + $1 WHERE id = $2`, [slots, routeId]);
  }
}

const EVENT_COLUMNS: readonly PgColumn[] = [
  ["routeId", "int"],
  ["at", "timestamp"],
  ["fromState", "text"],
  ["toState", "text"],
  ["kind", "text"],
  ["message", "text"],
];

/** ProbeResult's columns in encodeResult's names; `at` and `ok` are converted for PostgreSQL, the integers fitted to their column (fitInteger). */
const RESULT_COLUMNS: readonly PgColumn[] = [
  ["routeId", "int"], ["at", "timestamp"], ["ok", "boolean"], ["kindCode", "int"], ["layerCode", "int"], ["httpStatus", "int"],
  ["totalMsX100", "int"], ["ttfbMsX100", "int"], ["connectMsX100", "int"], ["tlsMsX100", "int"], ["dnsMsX100", "int"], ["tunnelMsX100", "int"],
  ["remainingRequests", "int"], ["remainingTokens", "int"], ["limitRequests", "int"], ["limitTokens", "int"], ["resetRequestsMs", "int8"], ["resetTokensMs", "int8"], ["retryAfterMs", "int8"],
  ["promptTokens", "int"], ["completionTokens", "int"], ["message", "text"], ["apiErrorCode", "text"], ["requestId", "text"],
  ["ttftMsX100", "int"], ["streamMsX100", "int"], ["maxGapMsX100", "int"], ["streamChunks", "int"], ["midStream", "int"],
];

const ROLLUP_COLUMNS: readonly PgColumn[] = [
  ["routeId", "int"], ["bucket", "timestamp"], ["total", "int"], ["okCount", "int"], ["kindCounts", "text"],
  ["latencySumMs", "float8"], ["latencyMinMs", "float8"], ["latencyMaxMs", "float8"], ["latencyHist", "text"],
  ["dnsSumMs", "float8"], ["connectSumMs", "float8"], ["tunnelSumMs", "float8"], ["tlsSumMs", "float8"], ["ttfbSumMs", "float8"],
];
const ROLLUP_FIELDS = ROLLUP_COLUMNS.slice(2).map(([name]) => name as keyof RollupRow);

interface RouteRow {
  id: number;
  state: RouteState;
  okStreak: number;
  failStreak: number;
  lastProbeAt: number | null;
  slowAboveMs: number | null;
  slowWindow: number | null;
}

/** What the batch changes on a route's row (written once per route at the end). */
interface RouteUpdate {
  stateChangedAt: number | null;
  lastProbeAt: number;
  lastOk: boolean;
  lastKind: string;
  lastTotalMs: number | null;
  lastFailAt: number | null;
  lastFailKind: string | null;
}

type QuotaRow = QuotaFacts & { at: number; routeId: number | null; exhausted: boolean; lastKind: string | null };

async function recordBatch(client: pg.ClientBase, batch: ResultToRecord[], thresholds: StateThresholds, now: number): Promise<StateChange[]> {
  const routeIds = [...new Set(batch.map((item) => item.routeId))].sort((a, b) => a - b);
  const { rows: routeRows } = await client.query<RouteRow>(
    `SELECT r.id, r.state, r."okStreak", r."failStreak", r."lastProbeAt", COALESCE(r."slowAboveMs", t."slowAboveMs") AS "slowAboveMs", COALESCE(r."slowWindow", t."slowWindow") AS "slowWindow"
       FROM "Route" r JOIN "Target" t ON t.id = r."targetId" WHERE r.id = ANY($1::int[]) ORDER BY r.id FOR UPDATE OF r`,
    [routeIds],
  );
  const routes = new Map(routeRows.map((row) => [row.id, row]));
  // The route was deleted while its probe ran: its result goes nowhere.
  const items = batch.filter((item) => routes.has(item.routeId));
  if (!items.length) return [];

  await addRollups(client, items);
  await addCounters(client, items);
  // Before this batch's rows are in: its results are counted in memory, in order, as the SQLite store meets them one by one.
  const changes = await moveStates(client, items, routes, thresholds, now);
  await insertRows(
    client,
    "ProbeResult",
    RESULT_COLUMNS,
    items.map(({ routeId, result }) => {
      const encoded = encodeResult(routeId, { ...result, at: Date.parse(result.startedAt) });
      return RESULT_COLUMNS.map(([name, type]) => (name === "at" ? pgTime(encoded.at as number) : name === "ok" ? encoded.ok === 1 : type === "int" || type === "int8" ? fitInteger(encoded[name] as number | null, type) : encoded[name]));
    }),
  );
  await keepQuota(client, items, now);
  const tokenDays = new TokenDayTallies();
  for (const { targetId, result } of items) {
    const usage = result.usage && { promptTokens: fitInteger(result.usage.promptTokens), completionTokens: fitInteger(result.usage.completionTokens), totalTokens: fitInteger(result.usage.totalTokens) };
    tokenDays.add(targetId, Date.parse(result.startedAt), usage);
  }
  const tallies = tokenDays.list().sort((a, b) => a.targetId - b.targetId || a.day - b.day);
  await insertRows(
    client,
    "TargetTokenDay",
    [["targetId", "int"], ["day", "timestamp"], ["promptTokens", "int8"], ["completionTokens", "int8"], ["probes", "int"]],
    tallies.map((tally) => [tally.targetId, pgTime(tally.day), tally.promptTokens, tally.completionTokens, tally.probes]),
    `ON CONFLICT ("targetId", day) DO UPDATE SET "promptTokens" = "TargetTokenDay"."promptTokens" + excluded."promptTokens",
       "completionTokens" = "TargetTokenDay"."completionTokens" + excluded."completionTokens", probes = "TargetTokenDay".probes + excluded.probes`,
  );
  return changes;
}

/** The minute and hour rollups: read the buckets the batch touches, add to them in memory, write each once. */
async function addRollups(client: pg.ClientBase, items: ResultToRecord[]): Promise<void> {
  for (const [table, size] of [["RollupMinute", MINUTE_MS], ["RollupHour", HOUR_MS]] as const) {
    const buckets = new Map<string, { routeId: number; bucket: number; value: RollupBucket }>();
    for (const { routeId, result } of items) {
      const bucket = bucketStart(Date.parse(result.startedAt), size);
      buckets.set(`${routeId}:${bucket}`, { routeId, bucket, value: emptyBucket() });
    }
    const keys = [...buckets.values()];
    const { rows } = await client.query<RollupRow & { routeId: number; bucket: number }>(
      `SELECT r.* FROM "${table}" r JOIN unnest($1::int[], $2::timestamp[]) AS k(rid, b) ON r."routeId" = k.rid AND r.bucket = k.b`,
      [keys.map((key) => key.routeId), keys.map((key) => pgTime(key.bucket))],
    );
    for (const row of rows) buckets.get(`${row.routeId}:${row.bucket}`)!.value = bucketFromRow(row);
    for (const { routeId, result } of items) {
      const entry = buckets.get(`${routeId}:${bucketStart(Date.parse(result.startedAt), size)}`)!;
      addToBucket(entry.value, { ok: result.ok, kind: result.kind, ...result.timings });
    }
    const sorted = [...buckets.values()].sort((a, b) => a.routeId - b.routeId || a.bucket - b.bucket);
    await insertRows(
      client,
      table,
      ROLLUP_COLUMNS,
      sorted.map(({ routeId, bucket, value }) => {
        const row = bucketToRow(value);
        return [routeId, pgTime(bucket), ...ROLLUP_FIELDS.map((field) => row[field])];
      }),
      `ON CONFLICT ("routeId", bucket) DO UPDATE SET ${ROLLUP_FIELDS.map((field) => `"${field}" = excluded."${field}"`).join(", ")}`,
    );
  }
}

/** /metrics' counters: probes per route and kind, and the latency histogram of each route's successful probes. */
async function addCounters(client: pg.ClientBase, items: ResultToRecord[]): Promise<void> {
  const probes = new Map<string, { routeId: number; kind: string; count: number }>();
  for (const { routeId, result } of items) {
    const key = `${routeId}:${result.kind}`;
    const entry = probes.get(key) ?? { routeId, kind: result.kind, count: 0 };
    entry.count += 1;
    probes.set(key, entry);
  }
  const counted = [...probes.values()].sort((a, b) => a.routeId - b.routeId || (a.kind < b.kind ? -1 : 1));
  await insertRows(
    client,
    "ProbeCounter",
    [["routeId", "int"], ["kind", "text"], ["count", "int"]],
    counted.map((entry) => [entry.routeId, entry.kind, entry.count]),
    `ON CONFLICT ("routeId", kind) DO UPDATE SET count = "ProbeCounter".count + excluded.count`,
  );
  const timed = items.filter(({ result }) => result.ok && result.timings.totalMs !== null);
  if (!timed.length) return;
  const ids = [...new Set(timed.map((item) => item.routeId))].sort((a, b) => a - b);
  const { rows } = await client.query<{ routeId: number; count: number; sumMs: number; buckets: string }>(`SELECT * FROM "LatencyCounter" WHERE "routeId" = ANY($1::int[])`, [ids]);
  const latency = new Map(rows.map((row) => [row.routeId, { count: row.count, sumMs: row.sumMs, buckets: JSON.parse(row.buckets) as number[] }]));
  for (const { routeId, result } of timed) {
    const ms = result.timings.totalMs!;
    let entry = latency.get(routeId);
    if (!entry) latency.set(routeId, (entry = { count: 0, sumMs: 0, buckets: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0) }));
    const index = latencyBucketIndex(ms);
    entry.buckets[index] = (entry.buckets[index] ?? 0) + 1;
    entry.count += 1;
    entry.sumMs += ms;
  }
  await insertRows(
    client,
    "LatencyCounter",
    [["routeId", "int"], ["count", "int"], ["sumMs", "float8"], ["buckets", "text"]],
    ids.map((id) => {
      const entry = latency.get(id)!;
      return [id, entry.count, entry.sumMs, JSON.stringify(entry.buckets)];
    }),
    `ON CONFLICT ("routeId") DO UPDATE SET count = excluded.count, "sumMs" = excluded."sumMs", buckets = excluded.buckets`,
  );
}

/** Each route's state through the batch's results in order, with its events and incidents, as the SQLite store moves it. */
async function moveStates(client: pg.ClientBase, items: ResultToRecord[], routes: Map<number, RouteRow>, thresholds: StateThresholds, now: number): Promise<StateChange[]> {
  const latestOk = await latestOkTimes(client, items, routes);
  const updates = new Map<number, RouteUpdate>();
  const changes: Array<StateChange & { message: string | null; index: number }> = [];
  for (const [index, { routeId, result }] of items.entries()) {
    const route = routes.get(routeId)!;
    const at = Date.parse(result.startedAt);
    const t = result.timings;
    const recent = latestOk.get(routeId);
    if (recent && result.ok && t.totalMs !== null) recent.push({ at, ms: t.totalMs });
    if (!isNewest(at, route.lastProbeAt, now)) continue;
    const window = route.slowWindow ?? DEFAULT_LATENCY_WINDOW;
    const latest = result.ok && route.slowAboveMs !== null && recent ? newestFirst(recent, window) : [];
    const slow = isSlow(latest, route.slowAboveMs, window);
    const next = nextRouteState(route, result.ok, thresholds, slow);
    const previous = updates.get(routeId);
    updates.set(routeId, {
      stateChangedAt: next.changed ? at : (previous?.stateChangedAt ?? null),
      lastProbeAt: at,
      lastOk: result.ok,
      lastKind: result.kind,
      lastTotalMs: t.totalMs,
      lastFailAt: result.ok ? (previous?.lastFailAt ?? null) : at,
      lastFailKind: result.ok ? (previous?.lastFailKind ?? null) : result.kind,
    });
    if (next.changed) {
      const kind = result.ok ? (slow ? "slow" : null) : result.kind;
      const message = result.ok
        ? slow
          ? `p95 ${Math.round(p95(latest.slice(0, window))!)} ms over the last ${Math.min(latest.length, window)} successful probes is above the ${route.slowAboveMs} ms threshold`
          : null
        : result.message;
      changes.push({ routeId, at, fromState: route.state, toState: next.state, kind, message, index });
    }
    Object.assign(route, { state: next.state, okStreak: next.okStreak, failStreak: next.failStreak, lastProbeAt: at });
  }
  const ids = [...updates.keys()].sort((a, b) => a - b);
  if (ids.length) {
    const column = <K extends keyof RouteUpdate>(key: K) => ids.map((id) => updates.get(id)![key]);
    const time = (key: "stateChangedAt" | "lastProbeAt" | "lastFailAt") => ids.map((id) => pgTime(updates.get(id)![key]));
    await client.query(
      `UPDATE "Route" r SET state = u.state, "stateChangedAt" = COALESCE(u."stateChangedAt", r."stateChangedAt"), "okStreak" = u."okStreak", "failStreak" = u."failStreak",
          "lastProbeAt" = u."lastProbeAt", "lastOk" = u."lastOk", "lastKind" = u."lastKind", "lastTotalMs" = u."lastTotalMs",
          "lastFailAt" = COALESCE(u."lastFailAt", r."lastFailAt"), "lastFailKind" = COALESCE(u."lastFailKind", r."lastFailKind")
        FROM unnest($1::int[], $2::text[], $3::timestamp[], $4::int[], $5::int[], $6::timestamp[], $7::boolean[], $8::text[], $9::float8[], $10::timestamp[], $11::text[])
          AS u(id, state, "stateChangedAt", "okStreak", "failStreak", "lastProbeAt", "lastOk", "lastKind", "lastTotalMs", "lastFailAt", "lastFailKind")
       WHERE r.id = u.id`,
      [
        ids,
        ids.map((id) => routes.get(id)!.state),
        time("stateChangedAt"),
        ids.map((id) => routes.get(id)!.okStreak),
        ids.map((id) => routes.get(id)!.failStreak),
        time("lastProbeAt"),
        column("lastOk"),
        column("lastKind"),
        column("lastTotalMs"),
        time("lastFailAt"),
        column("lastFailKind"),
      ],
    );
  }
  if (changes.length) {
    await insertRows(client, "RouteEvent", EVENT_COLUMNS, changes.map((c) => [c.routeId, pgTime(c.at), c.fromState, c.toState, c.kind, c.message]));
    for (const change of changes) await trackIncident(client, change, items.slice(0, change.index + 1));
  }
  return changes.map(({ routeId, at, fromState, toState, kind }) => ({ routeId, at, fromState, toState, kind }));
}

/** For routes with a latency threshold: their newest successful probes' times before this batch (the batch's are added as it goes). */
async function latestOkTimes(client: pg.ClientBase, items: ResultToRecord[], routes: Map<number, RouteRow>): Promise<Map<number, Array<{ at: number; ms: number }>>> {
  const watched = [...new Set(items.filter(({ routeId, result }) => result.ok && routes.get(routeId)!.slowAboveMs !== null).map((item) => item.routeId))];
  const latest = new Map<number, Array<{ at: number; ms: number }>>();
  for (const routeId of watched) {
    const window = routes.get(routeId)!.slowWindow ?? DEFAULT_LATENCY_WINDOW;
    const { rows } = await client.query<{ at: number; totalMsX100: number }>(
      `SELECT at, "totalMsX100" FROM "ProbeResult" WHERE "routeId" = $1 AND ok AND "totalMsX100" IS NOT NULL ORDER BY at DESC LIMIT $2`,
      [routeId, window],
    );
    latest.set(routeId, rows.map((row) => ({ at: row.at, ms: msFromStored(row.totalMsX100)! })));
  }
  return latest;
}

function newestFirst(samples: Array<{ at: number; ms: number }>, window: number): number[] {
  return [...samples].sort((a, b) => b.at - a.at).slice(0, window).map((sample) => sample.ms);
}

/**
 * An incident opens when a route goes down and closes when it is up again,
 * with the failure kind seen most while it lasted: counted over the stored
 * results and the batch's results up to this change (`before`).
 */
async function trackIncident(client: pg.ClientBase, change: StateChange, before: ResultToRecord[]): Promise<void> {
  const { routeId, at, toState, kind } = change;
  if (toState !== "down" && toState !== "up") return;
  const { rows } = await client.query<{ id: number; startedAt: number }>(
    `SELECT id, "startedAt" FROM "Incident" WHERE "routeId" = $1 AND "endedAt" IS NULL ORDER BY "startedAt" DESC LIMIT 1`,
    [routeId],
  );
  const open = rows[0];
  if (toState === "down" && !open) await client.query(`INSERT INTO "Incident" ("routeId", "startedAt", kind) VALUES ($1, $2, $3)`, [routeId, pgTime(at), kind]);
  if (toState === "up" && open) {
    // From a little before the incident opened: the failures that brought it down count too.
    const from = open.startedAt - HOUR_MS;
    const { rows: stored } = await client.query<{ kindCode: number; n: number }>(
      `SELECT "kindCode", COUNT(*)::int AS n FROM "ProbeResult" WHERE "routeId" = $1 AND NOT ok AND at >= $2 AND at <= $3 GROUP BY "kindCode"`,
      [routeId, pgTime(from), pgTime(at)],
    );
    const counts = new Map(stored.map((row) => [row.kindCode, row.n]));
    for (const item of before) {
      const itemAt = Date.parse(item.result.startedAt);
      if (item.routeId !== routeId || item.result.ok || itemAt < from || itemAt > at) continue;
      const code = kindCode(item.result.kind);
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    const kinds = [...counts].map(([code, n]) => ({ kindCode: code, n }));
    await client.query(`UPDATE "Incident" SET "endedAt" = $1, kind = COALESCE($2, kind) WHERE id = $3`, [pgTime(at), dominantKind(kinds), open.id]);
  }
}

/** The latest quota facts per target: an older answer never replaces a newer one; a failure without headers keeps the last known numbers. */
async function keepQuota(client: pg.ClientBase, items: ResultToRecord[], now: number): Promise<void> {
  const relevant = items.filter(({ result }) => QUOTA_FIELDS.some((field) => result.quota[field] !== null) || result.kind === "quota_exhausted" || result.ok);
  if (!relevant.length) return;
  const targetIds = [...new Set(relevant.map((item) => item.targetId))].sort((a, b) => a - b);
  const { rows } = await client.query<QuotaRow & { targetId: number }>(`SELECT * FROM "QuotaSnapshot" WHERE "targetId" = ANY($1::int[]) ORDER BY "targetId" FOR UPDATE`, [targetIds]);
  const snapshots = new Map<number, QuotaRow>(rows.map(({ targetId, ...row }) => [targetId, row]));
  const changed = new Set<number>();
  for (const { routeId, targetId, result } of relevant) {
    const at = Date.parse(result.startedAt);
    const previous = snapshots.get(targetId);
    if (!isNewest(at, previous?.at ?? null, now)) continue;
    const hasQuota = QUOTA_FIELDS.some((field) => result.quota[field] !== null);
    const facts = Object.fromEntries(QUOTA_FIELDS.map((field) => [field, hasQuota ? result.quota[field] : (previous?.[field] ?? null)])) as QuotaFacts;
    snapshots.set(targetId, { ...facts, at, routeId, exhausted: result.kind === "quota_exhausted", lastKind: result.kind });
    changed.add(targetId);
  }
  const written = [...changed].sort((a, b) => a - b);
  await insertRows(
    client,
    "QuotaSnapshot",
    [["targetId", "int"], ["at", "timestamp"], ["routeId", "int"], ...QUOTA_FIELDS.map((field): PgColumn => [field, "int8"]), ["exhausted", "boolean"], ["lastKind", "text"]],
    written.map((targetId) => {
      const row = snapshots.get(targetId)!;
      return [targetId, pgTime(row.at), row.routeId, ...QUOTA_FIELDS.map((field) => fitInteger(row[field], "int8")), row.exhausted, row.lastKind];
    }),
    `ON CONFLICT ("targetId") DO UPDATE SET ${["at", "routeId", ...QUOTA_FIELDS, "exhausted", "lastKind"].map((field) => `"${field}" = excluded."${field}"`).join(", ")}`,
  );
}
