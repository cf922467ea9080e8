import { performance } from "node:perf_hooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { runProbe, type ProbeResult } from "@/lib/probe/run-probe";
import { parseProxySpec } from "@/lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "@/lib/routes/route-dispatcher";
import { checkCapacity } from "@/lib/scheduler/check-capacity";
import type { Clock } from "@/lib/scheduler/clock";
import type { Lease } from "@/lib/scheduler/lease";
import { SHARDS, ShardLeases } from "@/lib/scheduler/shard-leases";
import { SqliteLeaseStore } from "@/lib/db/store/sqlite/sqlite-lease-store";
import { Scheduler, type ScheduledRoute, type SchedulerOptions } from "@/lib/scheduler/scheduler";
import { startBlackhole } from "@/lib/simulator/simulated-proxies";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

let temp: TempDatabase;
let sqlite: Sqlite;
const schedulers: Scheduler[] = [];

beforeEach(async () => {
  temp = await createTempDatabase();
  sqlite = openSqlite(temp.path);
});

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop(100)));
  sqlite.close();
  await temp.cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function routes(count: number, intervalMs: number): ScheduledRoute[] {
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, intervalMs, enabled: true, fingerprint: "v1" }));
}

/** A probe that takes `ms` and records when each route's probes ran. */
function recorder(ms: number) {
  const starts = new Map<number, number[]>();
  let active = 0;
  let maxActive = 0;
  const activePerRoute = new Map<number, number>();
  let overlap = false;
  return {
    starts,
    get maxActive() {
      return maxActive;
    },
    get overlap() {
      return overlap;
    },
    probe: async (id: number) => {
      starts.set(id, [...(starts.get(id) ?? []), Date.now()]);
      active += 1;
      maxActive = Math.max(maxActive, active);
      activePerRoute.set(id, (activePerRoute.get(id) ?? 0) + 1);
      if (activePerRoute.get(id)! > 1) overlap = true;
      await sleep(ms);
      activePerRoute.set(id, activePerRoute.get(id)! - 1);
      active -= 1;
    },
  };
}

function makeScheduler(
  list: () => ScheduledRoute[],
  probe: SchedulerOptions["probe"],
  options: { lease?: Lease; concurrency?: number; holder?: string; ttl?: number } & Pick<SchedulerOptions, "clock" | "onSkip" | "onStart"> = {},
) {
  const ttl = options.ttl ?? 300;
  const scheduler = new Scheduler({
    listRoutes: list,
    probe,
    lease: options.lease ?? new ShardLeases(new SqliteLeaseStore(sqlite), options.holder ?? "a", ttl),
    leaseTtlMs: ttl,
    concurrency: options.concurrency ?? 10,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onSkip ? { onSkip: options.onSkip } : {}),
    ...(options.onStart ? { onStart: options.onStart } : {}),
  });
  schedulers.push(scheduler);
  return scheduler;
}

describe("Scheduler", () => {
  it("probes each route once per interval, on the interval's grid, never early", async () => {
    // Judged by the slots the scheduler planned (start time minus its drift),
    // not by the gaps between starts: a start delayed by a busy machine is
    // followed by one on time, by design (no drift accumulates).
    const planned = new Map<number, number[]>();
    const drifts: number[] = [];
    const probe = recorder(5);
    makeScheduler(() => routes(2, 100), probe.probe, {
      onStart: (id, driftMs) => {
        drifts.push(driftMs);
        planned.set(id, [...(planned.get(id) ?? []), performance.now() - driftMs]);
      },
    }).start();
    await sleep(1050);
    // Node's timers may fire up to a millisecond before their time.
    expect(Math.min(...drifts)).toBeGreaterThanOrEqual(-2);
    for (const id of [1, 2]) {
      const slots = planned.get(id)!;
      expect(slots.length).toBeGreaterThanOrEqual(5);
      expect(slots.length).toBeLessThanOrEqual(11);
      for (const gap of slots.slice(1).map((slot, i) => slot - slots[i]!)) {
        // One interval, or several when a slot was skipped.
        const intervals = Math.round(gap / 100);
        expect(intervals).toBeGreaterThanOrEqual(1);
        expect(Math.abs(gap - intervals * 100)).toBeLessThan(2);
      }
    }
  });

  it("never runs two probes of one route at once: a slow probe skips slots", async () => {
    const probe = recorder(250);
    makeScheduler(() => routes(1, 100), probe.probe).start();
    await sleep(1100);
    expect(probe.overlap).toBe(false);
    const count = probe.starts.get(1)!.length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(5);
  });

  it("counts every slot a route skips while its probe hangs on a silent upstream, and says so before it happens", async () => {
    const upstream = await startBlackhole();
    const ROUTES = 6;
    const TIMEOUT_MS = 300;
    const dispatchers = new Map(Array.from({ length: ROUTES }, (_, i) => [i + 1, new RouteDispatcher(parseProxySpec("direct"))]));
    const results: ProbeResult[] = [];
    const probed = new Map<number, number>();
    const reported = new Map<number, number>();
    const reasons = new Set<string>();
    try {
      const list = routes(ROUTES, 100);
      expect(checkCapacity(list.map((route) => ({ intervalMs: route.intervalMs, timeoutMs: TIMEOUT_MS })), 2)).toMatchObject({ routes: ROUTES, concurrency: 2, slotsNeeded: 18 });
      const scheduler = makeScheduler(
        () => list,
        async (id) => {
          probed.set(id, (probed.get(id) ?? 0) + 1);
          const result = await runProbe(dispatchers.get(id)!, { baseUrl: `http://127.0.0.1:${upstream.port}/v1`, apiKey: "sk-test", model: "gpt-4o-mini", probe: "models", timeoutMs: TIMEOUT_MS });
          results.push(result);
        },
        {
          concurrency: 2,
          onSkip: (id, slots, reason) => {
            reported.set(id, (reported.get(id) ?? 0) + slots);
            reasons.add(reason);
          },
        },
      );
      scheduler.start();
      await sleep(1600);
      await scheduler.stop(1000);
      expect(new Set(results.map((result) => result.kind))).toEqual(new Set(["timeout"]));
      for (let id = 1; id <= ROUTES; id += 1) {
        // Three rounds of 300 ms at two at a time: each route is probed about once
        // a second instead of ten times; every slot it loses is counted.
        expect(scheduler.skippedSlots(id), `route ${id}`).toBeGreaterThanOrEqual(4);
        expect(reported.get(id)).toBe(scheduler.skippedSlots(id));
        expect((probed.get(id) ?? 0) + scheduler.skippedSlots(id), `route ${id}: every slot is probed or counted`).toBeGreaterThanOrEqual(9);
      }
      expect(reasons.has("busy")).toBe(true);
    } finally {
      await Promise.all([...dispatchers.values()].map((dispatcher) => dispatcher.close()));
      await upstream.close();
    }
  });

  it("keeps probing on schedule when the wall clock is set back an hour", async () => {
    let offsetMs = 0;
    const clock: Clock = {
      monotonic: () => performance.now(),
      now: () => Date.now() - offsetMs,
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
    const probe = recorder(5);
    makeScheduler(() => routes(2, 100), probe.probe, { clock }).start();
    await sleep(350);
    offsetMs = 3_600_000;
    const before = [1, 2].map((id) => probe.starts.get(id)?.length ?? 0);
    await sleep(700);
    [1, 2].forEach((id, i) => expect(probe.starts.get(id)!.length - before[i]!, `route ${id}`).toBeGreaterThanOrEqual(5));
  });

  it("keeps at most `concurrency` probes in flight", async () => {
    const probe = recorder(120);
    makeScheduler(() => routes(12, 100), probe.probe, { concurrency: 3 }).start();
    await sleep(800);
    expect(probe.maxActive).toBe(3);
    expect([...probe.starts.values()].flat().length).toBeGreaterThan(6);
  });

  it("takes a new concurrency while running (an agent's comes with its assignment)", async () => {
    let active = 0;
    const peaks: number[] = [];
    let phase = 0;
    const probe = async () => {
      active += 1;
      peaks[phase] = Math.max(peaks[phase] ?? 0, active);
      await sleep(120);
      active -= 1;
    };
    const scheduler = makeScheduler(() => routes(12, 100), probe, { concurrency: 2 });
    scheduler.start();
    await sleep(600);
    phase = 1;
    scheduler.setConcurrency(5);
    await sleep(600);
    phase = 2;
    scheduler.setConcurrency(1);
    // Probes started under the old limit finish first.
    await sleep(400);
    phase = 3;
    await sleep(600);
    expect(scheduler.concurrency).toBe(1);
    expect([peaks[0], peaks[1], peaks[3]]).toEqual([2, 5, 1]);
  });

  it("frees a probe's slot once its exchange is over, while its route stays busy until its result is stored", async () => {
    const probed = new Map<number, number>();
    let active = 0;
    let maxActive = 0;
    const skips: string[] = [];
    let writesDone = 0;
    const scheduler = makeScheduler(
      () => routes(6, 1000),
      async (id) => {
        probed.set(id, (probed.get(id) ?? 0) + 1);
        active += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(5);
        active -= 1;
        // A slow database: each result takes 2.5 s to store (longer than two intervals' slots after the probe).
        return { stored: sleep(2500).then(() => void (writesDone += 1)) };
      },
      { concurrency: 2, onSkip: (id, _slots, reason) => skips.push(`${id} ${reason}`) },
    );
    await scheduler.start();
    await sleep(1100);
    // Two slots, six routes: all probed in their first interval, although no write has ended yet.
    expect(probed.size).toBe(6);
    expect(maxActive).toBeLessThanOrEqual(2);
    await sleep(1000);
    // Each route's next slot (its first came before 1 s, so this one before 2 s) found its result still being stored: skipped as busy.
    expect([...probed.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(skips)).toEqual(new Set([1, 2, 3, 4, 5, 6].map((id) => `${id} busy`)));
    // Stopping waits for the writes too.
    await scheduler.stop(4000);
    expect(writesDone).toBe(6);
  });

  it("keeps scheduling after a probe throws", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const scheduler = new Scheduler({
      listRoutes: () => routes(1, 80),
      probe: async () => {
        calls += 1;
        throw new Error("boom");
      },
      lease: new ShardLeases(new SqliteLeaseStore(sqlite), "a", 300),
      leaseTtlMs: 300,
      concurrency: 1,
      onError: (error) => errors.push(error),
    });
    schedulers.push(scheduler);
    scheduler.start();
    await sleep(500);
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(errors.length).toBe(calls);
  });

  it("picks up new routes and drops removed ones on refresh", async () => {
    const probe = recorder(1);
    let list = routes(1, 100);
    const scheduler = makeScheduler(() => list, probe.probe);
    scheduler.start();
    await sleep(250);
    list = [{ id: 2, intervalMs: 100, enabled: true, fingerprint: "v1" }];
    scheduler.refresh();
    const before = probe.starts.get(1)!.length;
    await sleep(400);
    expect(probe.starts.get(1)!.length).toBe(before);
    expect(probe.starts.get(2)!.length).toBeGreaterThanOrEqual(2);
  });

  it("lets only a route's shard holder probe it; a holder whose renewals stop probes no more once its lease may have passed, and the other takes its routes over", async () => {
    const a = recorder(1);
    const b = recorder(1);
    let aRenews = true;
    const aLease = new ShardLeases(new SqliteLeaseStore(sqlite), "holder-a", 300);
    // A process frozen or cut off: it stops renewing but still believes it holds its shards.
    const frozenLease: Lease = {
      holder: "holder-a",
      acquire: async (now, busy) => (aRenews ? aLease.acquire(now, busy) : true),
      release: async () => undefined,
      owns: (routeId, now) => aLease.owns(routeId, now),
      get generation() {
        return aLease.generation;
      },
      get leads() {
        return aLease.leads;
      },
    };
    // Routes 1-3: in shards 1-3, which the first process keeps when the second takes half (the highest shards move).
    const first = makeScheduler(() => routes(3, 100), a.probe, { lease: frozenLease });
    await first.start();
    const second = makeScheduler(() => routes(3, 100), b.probe, { holder: "holder-b" });
    await second.start();
    await sleep(500);
    expect(first.isLeader).toBe(true);
    expect(second.isLeader).toBe(true);
    expect(b.starts.size).toBe(0);
    const frozenAt = Date.now();
    aRenews = false;
    while (b.starts.size < 3 && Date.now() - frozenAt < 3000) await sleep(10);
    expect(b.starts.size).toBe(3);
    // Taken over within ttl + ttl/3 (and a first probe within a quarter interval, the routes being overdue), with slack for a loaded machine.
    expect(Math.min(...[...b.starts.values()].map((starts) => starts[0]!)) - frozenAt).toBeLessThan(300 + 100 + 25 + 500);
    // Never both: every probe of the frozen process came before the lease could pass, before the other's first.
    for (const id of [1, 2, 3]) {
      const lastOfA = Math.max(...a.starts.get(id)!);
      expect(lastOfA).toBeLessThan(frozenAt + 300);
      expect(lastOfA).toBeLessThan(b.starts.get(id)![0]!);
    }
  });

  it("on stop, schedules nothing more but lets a probe in flight finish and then releases the lease", async () => {
    let finished = 0;
    let started = 0;
    const scheduler = makeScheduler(() => routes(1, 100), async () => {
      started += 1;
      await sleep(300);
      finished += 1;
    });
    scheduler.start();
    while (started === 0) await sleep(5);
    await scheduler.stop(2000);
    expect(finished).toBe(1);
    await sleep(300);
    expect(started).toBe(1);
    expect(sqlite.prepare(`SELECT DISTINCT expiresAt FROM "SchedulerLease"`).all()).toEqual([{ expiresAt: 0 }]);
    // The next process takes the released leases at once: every shard.
    const next = new ShardLeases(new SqliteLeaseStore(sqlite), "next", 300);
    expect(await next.acquire(Date.now())).toBe(true);
    expect(next.probing).toHaveLength(SHARDS);
  });

  it("gives up waiting for a stuck probe after the grace period", async () => {
    const scheduler = makeScheduler(() => routes(1, 50), () => new Promise(() => undefined));
    scheduler.start();
    await sleep(150);
    const t0 = Date.now();
    await scheduler.stop(200);
    expect(Date.now() - t0).toBeLessThan(600);
  });
});
