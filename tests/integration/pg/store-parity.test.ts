import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { makeResult } from "../../helpers/make-result";
import { startTwoEngines, type TwoEngines } from "../../helpers/two-engines";

/**
 * The PostgreSQL store against the SQLite store, on the same inputs: every
 * table the time-series path writes must end up with the same rows, and
 * every method must answer the same (docs/design/postgresql.md). The
 * inputs are a seeded pseudo-random mix of outcomes, latencies, quota
 * headers, token usage, out-of-order and duplicate times, deleted routes,
 * pauses and agent replays.
 */
let two: TwoEngines;
const thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 };
const T0 = Date.UTC(2026, 10, 28, 9, 50, 0);

beforeAll(async () => {
  two = await startTwoEngines("pp_parity");
  // The same configuration on both: three targets (one with a latency threshold), two proxies, every route.
  for (const prisma of two.prismas) {
    for (const [i, slowAboveMs] of [null, 250, null].entries()) {
      await prisma.target.create({ data: { name: `t${i}`, baseUrl: `https://api${i}.test/v1`, model: "m", slowAboveMs, slowWindow: slowAboveMs ? 5 : null } });
    }
    for (const name of ["direct", "clash"]) await prisma.proxy.create({ data: { name, url: name === "direct" ? "direct" : "http://127.0.0.1:7890" } });
    for (let targetId = 1; targetId <= 3; targetId++) for (let proxyId = 1; proxyId <= 2; proxyId++) await prisma.route.create({ data: { proxyId, targetId } });
  }
}, 120_000);

afterAll(async () => {
  await two?.close();
});

/** A deterministic pseudo-random sequence (the same batches on both engines, and on every run). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const KINDS: OutcomeKind[] = ["ok", "ok", "ok", "ok", "timeout", "rate_limited", "quota_exhausted", "proxy_unreachable", "region_blocked", "ok"];

function batches(count: number, seed: number): ResultToRecord[][] {
  const random = lcg(seed);
  let clock = T0;
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(random() * 30) }, () => {
      clock += Math.floor(random() * 40_000);
      // Now and then a result older than the last one (a slow probe stored late), or a route deleted while probed.
      const at = random() < 0.1 ? clock - 300_000 : clock;
      const routeId = random() < 0.03 ? 99 : 1 + Math.floor(random() * 6);
      const targetId = routeId === 99 ? 1 : Math.ceil(routeId / 2);
      const kind = KINDS[Math.floor(random() * KINDS.length)]!;
      const withQuota = random() < 0.5;
      const result = makeResult(kind, at, kind === "ok" ? 40 + Math.floor(random() * 600) + random() : 15_000, {
        quota: {
          limitRequests: withQuota ? 500 : null,
          remainingRequests: withQuota ? Math.floor(random() * 500) : null,
          resetRequestsMs: withQuota ? 1200 : null,
          limitTokens: withQuota ? 30_000_000 : null,
          remainingTokens: withQuota ? Math.floor(random() * 30_000_000) : null,
          resetTokensMs: null,
          retryAfterMs: kind === "rate_limited" ? 2000 : null,
        },
        usage: kind === "ok" ? { promptTokens: 9, completionTokens: Math.floor(random() * 5), totalTokens: null } : null,
        requestId: kind === "ok" ? `req_${Math.floor(random() * 1e9)}` : null,
      });
      return { routeId, targetId, result };
    }),
  );
}

/** Every row the time-series path writes, in one comparable form (times in ms, booleans as 0/1, no surrogate ids). */
async function dump(name: string): Promise<Record<string, unknown[]>> {
  const queries: Record<string, string> = {
    results: `SELECT "routeId", at, ok, "kindCode", "layerCode", "httpStatus", "totalMsX100", "ttfbMsX100", "connectMsX100", "tlsMsX100", "dnsMsX100", "tunnelMsX100", "remainingRequests", "remainingTokens", "limitRequests", "limitTokens", "resetRequestsMs", "resetTokensMs", "retryAfterMs", "promptTokens", "completionTokens", message, "apiErrorCode", "requestId", "midStream" FROM "ProbeResult" ORDER BY "routeId", at, "requestId", "kindCode"`,
    minutes: `SELECT * FROM "RollupMinute" ORDER BY "routeId", bucket`,
    hours: `SELECT * FROM "RollupHour" ORDER BY "routeId", bucket`,
    routes: `SELECT id, state, "stateChangedAt", "okStreak", "failStreak", "lastProbeAt", "lastOk", "lastKind", "lastTotalMs", "lastFailAt", "lastFailKind", "skippedSlots" FROM "Route" ORDER BY id`,
    events: `SELECT "routeId", at, "fromState", "toState", kind, message FROM "RouteEvent" ORDER BY "routeId", at, "toState"`,
    incidents: `SELECT "routeId", "startedAt", "endedAt", kind FROM "Incident" ORDER BY "routeId", "startedAt"`,
    quota: `SELECT * FROM "QuotaSnapshot" ORDER BY "targetId"`,
    counters: `SELECT * FROM "ProbeCounter" ORDER BY "routeId", kind`,
    latency: `SELECT * FROM "LatencyCounter" ORDER BY "routeId"`,
    tokenDays: `SELECT * FROM "TargetTokenDay" ORDER BY "targetId", day`,
    streams: `SELECT "locationId", "streamId", "lastSeq", "updatedAt" FROM "AgentStream" ORDER BY "locationId", "streamId"`,
    summaries: `SELECT "routeId", windows FROM "RouteSummary" ORDER BY "routeId"`,
  };
  const normal = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === "boolean" ? Number(value) : value]));
  const out: Record<string, unknown[]> = {};
  for (const [table, sql] of Object.entries(queries)) {
    const rows = name === "sqlite" ? (two.sqlite.prepare(sql).all() as Array<Record<string, unknown>>) : (await two.pool.query(sql)).rows;
    out[table] = rows.map(normal);
  }
  return out;
}

describe("the PostgreSQL store does what the SQLite store does", () => {
  it("records the same batches into the same rows and reports the same state changes", { timeout: 120_000 }, async () => {
    for (const batch of batches(40, 7)) {
      const [onSqlite, onPostgres] = await Promise.all(two.stores.map((store) => store.results.record(batch, thresholds, T0 + 3_600_000)));
      expect(onPostgres).toEqual(onSqlite);
    }
    const [a, b] = [await dump("sqlite"), await dump("postgresql")];
    expect(a.results!.length).toBeGreaterThan(300);
    expect(a.events!.length).toBeGreaterThan(10);
    expect(a.incidents!.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it("stores an agent's stream batch once: a replay stores nothing, and the position moves past every number", { timeout: 60_000 }, async () => {
    const [first, second] = batches(2, 11);
    const stream = (results: ResultToRecord[], from: number) => ({
      locationId: 1,
      streamId: "spool-a",
      seqs: results.map((_, i) => from + i),
      results: results.filter((item) => item.routeId !== 99).map((item, i) => ({ seq: from + i, item })),
      now: T0 + 3_600_000,
    });
    for (const batch of [stream(first!, 1), stream(first!, 1), stream(second!, 1 + first!.length)]) {
      const answers = await Promise.all(two.stores.map((store) => store.results.recordStream(batch, thresholds)));
      expect(answers[1]).toEqual(answers[0]);
    }
    expect(await dump("postgresql")).toEqual(await dump("sqlite"));
  });

  it("pauses and resumes routes alike, and counts skipped slots", async () => {
    for (const prisma of two.prismas) {
      await prisma.route.update({ where: { id: 2 }, data: { enabled: false } });
      await prisma.proxy.update({ where: { id: 1 }, data: { pausedInFile: true } });
    }
    const paused = await Promise.all(two.stores.map((store) => store.results.applyPauses(T0 + 4_000_000)));
    expect(paused[1]).toEqual(paused[0]);
    expect(paused[0]!.filter((change) => change.paused).length).toBeGreaterThan(1);
    for (const prisma of two.prismas) await prisma.proxy.update({ where: { id: 1 }, data: { pausedInFile: false } });
    const resumed = await Promise.all(two.stores.map((store) => store.results.applyPauses(T0 + 4_100_000)));
    expect(resumed[1]).toEqual(resumed[0]);
    for (const store of two.stores) await store.results.addSkippedSlots(3, 2);
    expect(await dump("postgresql")).toEqual(await dump("sqlite"));
  });

  it("computes the same route summaries", async () => {
    for (const store of two.stores) await store.summaries.refreshWritten([1, 2, 3, 4, 5, 6], T0 + 3_000_000);
    const [a, b] = [await dump("sqlite"), await dump("postgresql")];
    expect(a.summaries!.length).toBe(6);
    expect(b.summaries).toEqual(a.summaries);
  });

  it("prunes the same rows past retention", { timeout: 60_000 }, async () => {
    const policy = { rawDays: 0.02, minuteRollupDays: 0.03, rollupDays: 0.04 };
    const reports = await Promise.all(two.stores.map((store) => store.upkeep.prune(policy, T0 + 5_000_000, 7)));
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[0]!.results).toBeGreaterThan(0);
    expect(reports[0]!.minuteRollups).toBeGreaterThan(0);
    expect(await dump("postgresql")).toEqual(await dump("sqlite"));
  });

  it.each([0, 1])("leases (engine %i): taken when free or expired, renewed by their holder, refused while another holds them", async (index) => {
    const { leases } = two.stores[index]!;
    const name = "parity-lease";
    const takes = async (holder: string, now: number, ttlMs = 500) => (await leases.take({ names: [name], holder, now, ttlMs })).length === 1;
    const holderAt = async (now: number) => (await leases.listLive(name, now)).find((lease) => lease.name === name)?.holder ?? null;
    expect(await takes("a", 1000)).toBe(true);
    expect(await takes("b", 1200)).toBe(false);
    expect(await holderAt(1200)).toBe("a");
    expect(await takes("a", 1400)).toBe(true);
    expect(await takes("b", 1800)).toBe(false);
    expect(await holderAt(1901)).toBe(null);
    expect(await takes("b", 1901)).toBe(true);
    await leases.release(name, "a");
    expect(await holderAt(1950)).toBe("b");
    await leases.release(name, "b");
    expect(await holderAt(1950)).toBe(null);
    expect(await takes("a", 1960)).toBe(true);
    // Lapsed without being given up (its holder died), or given up: only the first is abandoned.
    expect(await leases.take({ names: [`${index}/lapsed`, `${index}/released`], holder: "c", now: 1000, ttlMs: 100 })).toEqual([`${index}/lapsed`, `${index}/released`]);
    await leases.release(`${index}/released`, "c");
    expect(await leases.listAbandoned(`${index}/`, 1500)).toEqual([{ name: `${index}/lapsed`, expiresAt: 1100 }]);
    expect(await leases.listAbandoned(`${index}/`, 1050)).toEqual([]);
    // Several at once: those free or ours are taken, one held by another is not.
    expect(await leases.take({ names: [`${index}/many:1`, name, `${index}/many:2`], holder: "b", now: 1970, ttlMs: 500 })).toEqual([`${index}/many:1`, `${index}/many:2`]);
    // Listed by prefix, taken literally (no wildcards), live ones only.
    for (const [shard, holder, ttlMs] of [["shard:1", "a", 500], ["shard:10", "b", 500], ["shard:2", "a", 10], ["shard_x", "c", 500]] as const) {
      expect(await leases.take({ names: [`${index}/${shard}`], holder, now: 2000, ttlMs })).toEqual([`${index}/${shard}`]);
    }
    expect(await leases.listLive(`${index}/shard:`, 2100)).toEqual([
      { name: `${index}/shard:1`, holder: "a" },
      { name: `${index}/shard:10`, holder: "b" },
    ]);
  });

  it("on PostgreSQL, of many processes taking a free lease at once exactly one gets it", async () => {
    const { leases } = two.stores[1];
    const taken = await Promise.all(Array.from({ length: 8 }, (_, i) => leases.take({ names: ["race", "race:2"], holder: `p${i}`, now: 5000, ttlMs: 1000 })));
    // Each lease to exactly one of them.
    expect(taken.flat().sort()).toEqual(["race", "race:2"]);
  });
});
