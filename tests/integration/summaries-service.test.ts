import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMonitorService, type MonitorService } from "@/lib/monitoring/monitor-service";
import { refreshRouteSummaries } from "@/lib/monitoring/refresh-route-summaries";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { childEnv } from "../helpers/child-env";
import { ADMIN_TOKEN, startTestService, type TestService } from "../helpers/test-service";
import type { Sqlite } from "@/lib/db/sqlite";

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
    environment: childEnv({ DATABASE_URL: `file:${join(leader.dir, "pp.db")}`, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, PATH: process.env.PATH }),
    runScheduler: false,
    cwd: leader.dir,
  });
});

afterAll(async () => {
  await web?.stop(1000);
  await leader?.stop();
  await api?.close();
});

function stored(db: Sqlite): Record<number, unknown> {
  const rows = db.prepare(`SELECT routeId, windows FROM "RouteSummary"`).all() as Array<{ routeId: number; windows: string }>;
  return Object.fromEntries(rows.map((row) => [row.routeId, JSON.parse(row.windows) as unknown]));
}

/** A full recompute's answer now, rolled back. */
function recomputed(db: Sqlite): Record<number, unknown> {
  db.exec("SAVEPOINT expected");
  try {
    refreshRouteSummaries(db);
    return stored(db);
  } finally {
    db.exec("ROLLBACK TO expected");
    db.exec("RELEASE expected");
  }
}

describe("route summaries in the service", () => {
  it("a process that does not run the scheduler leaves every summary as it is at start (no rebuild from the rollups)", async () => {
    const before = leader.service.sqlite!.prepare(`SELECT routeId, computedAt FROM "RouteSummary" ORDER BY routeId`).all();
    expect(before.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const another = await startMonitorService({
      environment: childEnv({ DATABASE_URL: `file:${join(leader.dir, "pp.db")}`, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, PATH: process.env.PATH }),
      runScheduler: false,
      cwd: leader.dir,
    });
    try {
      expect(leader.service.sqlite!.prepare(`SELECT routeId, computedAt FROM "RouteSummary" ORDER BY routeId`).all()).toEqual(before);
    } finally {
      await another.stop(1000);
    }
  });

  it("a probe now on the scheduler's process is in its route's summary at once", async () => {
    expect(leader.service.scheduler?.isLeader).toBe(true);
    const routeId = (await leader.service.probeNow())[0]!.routeId;
    const summary = stored(leader.service.sqlite!)[routeId] as { "1h": { total: number; ok: number } };
    expect(summary["1h"].total).toBeGreaterThanOrEqual(1);
    expect(stored(leader.service.sqlite!)).toEqual(recomputed(leader.service.sqlite!));
  });

  it("a probe now on another process is summarised there and marked for the scheduler's process", async () => {
    const routeId = (await web.probeNow())[0]!.routeId;
    expect(stored(web.sqlite!)).toEqual(recomputed(web.sqlite!));
    expect(web.sqlite!.prepare(`SELECT routeId FROM "RouteSummaryStale"`).all()).toEqual([{ routeId }]);
  });
});
