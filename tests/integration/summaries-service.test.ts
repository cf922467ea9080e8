import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db/store/store";
import { startMonitorService, type MonitorService } from "@/lib/monitoring/monitor-service";
import { summarizeRollups, summaryWindowStarts, type RollupRow } from "@/lib/monitoring/route-windows";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { childEnv } from "../helpers/child-env";
import { readRows, sqlTime } from "../helpers/read-rows";
import { TEST_ENGINE } from "../helpers/test-database-url";
import { ADMIN_TOKEN, startTestService, type TestService } from "../helpers/test-service";

// The service keeps summaries incrementally in the process that runs the
// scheduler; a "probe now" there shows at once, and one on a process that
// does not run it (the web server beside a worker) is recomputed there and
// marked for the scheduler's process. Either way the stored summary is what
// a full recompute gives.

let api: FakeOpenAI;
let leader: TestService;
let web: MonitorService;

beforeAll(async () => {
  api = await startFakeOpenAI();
  leader = await startTestService(
    `
intervalSeconds: 3600
timeoutMs: 3000
probeNowCooldownSeconds: 0
targets:
  - name: main
    baseUrl: ${api.baseUrl("ok")}
    apiKey: sk-simulated-0123456789abcdef
    model: gpt-4o-mini
proxies:
  - name: direct
    url: direct
`,
    { runScheduler: true },
  );
  // A second process on the same database that does not run the scheduler.
  web = await startMonitorService({
    environment: childEnv({ ...leader.databaseEnv, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, PATH: process.env.PATH }),
    runScheduler: false,
    cwd: leader.dir,
  });
});

afterAll(async () => {
  await web?.stop(1000);
  await leader?.stop();
  await api?.close();
});

async function stored(store: Store): Promise<Record<number, unknown>> {
  const rows = await readRows<{ routeId: number; windows: string }>(store, `SELECT "routeId", windows FROM "RouteSummary"`);
  return Object.fromEntries(rows.map((row) => [row.routeId, JSON.parse(row.windows) as unknown]));
}

/** A full recompute's answer now: every route's windows from all its rollups, with the arithmetic both engines' stores use. */
async function recomputed(store: Store): Promise<Record<number, unknown>> {
  const now = Date.now();
  const since = summaryWindowStarts(now);
  const columns = `"routeId", bucket, total, "okCount", "latencyHist", "latencyMinMs", "latencyMaxMs"`;
  const routeIds = (await readRows<{ id: number }>(store, `SELECT id FROM "Route"`)).map((row) => row.id);
  const minutes = await readRows<RollupRow>(store, `SELECT ${columns} FROM "RollupMinute" WHERE bucket >= ?`, [sqlTime(since.h1)]);
  const hours = await readRows<RollupRow>(store, `SELECT ${columns} FROM "RollupHour" WHERE bucket >= ?`, [sqlTime(since.d7)]);
  const summaries = summarizeRollups(routeIds, minutes, hours, now);
  return Object.fromEntries([...summaries].map(([routeId, windows]) => [routeId, JSON.parse(JSON.stringify(windows)) as unknown]));
}

const computedAt = (store: Store) => readRows(store, `SELECT "routeId", "computedAt" FROM "RouteSummary" ORDER BY "routeId"`);

describe("route summaries in the service", () => {
  it("a process that does not run the scheduler leaves every summary as it is at start (no rebuild from the rollups)", async () => {
    const before = await computedAt(leader.service.store);
    expect(before.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const another = await startMonitorService({
      environment: childEnv({ ...leader.databaseEnv, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, PATH: process.env.PATH }),
      runScheduler: false,
      cwd: leader.dir,
    });
    try {
      expect(await computedAt(leader.service.store)).toEqual(before);
    } finally {
      await another.stop(1000);
    }
  });

  it("a probe now on the scheduler's process is in its route's summary at once", async () => {
    expect(leader.service.scheduler?.isLeader).toBe(true);
    const routeId = (await leader.service.probeNow())[0]!.routeId;
    const summary = (await stored(leader.service.store))[routeId] as { "1h": { total: number; ok: number } };
    expect(summary["1h"].total).toBeGreaterThanOrEqual(1);
    expect(await stored(leader.service.store)).toEqual(await recomputed(leader.service.store));
  });

  it("a probe now on another process is summarised there and marked for the scheduler's process", async () => {
    const routeId = (await web.probeNow())[0]!.routeId;
    expect(await stored(web.store)).toEqual(await recomputed(web.store));
    // SQLite's keeper holds the windows in memory: the mark makes it rebuild the route. PostgreSQL's recomputes from the rollups (none needed).
    if (TEST_ENGINE === "sqlite") expect(await readRows(web.store, `SELECT "routeId" FROM "RouteSummaryStale"`)).toEqual([{ routeId }]);
    // The scheduler's process's next pass keeps the row right.
    await leader.service.store.summaries.tick(Date.now());
    expect(await stored(leader.service.store)).toEqual(await recomputed(leader.service.store));
  });
});
