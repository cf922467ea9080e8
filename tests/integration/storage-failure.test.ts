import { copyFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as healthzApi from "@/app/healthz/route";
import * as readyzApi from "@/app/readyz/route";
import * as proxiesApi from "@/app/api/proxies/route";
import * as sessionApi from "@/app/api/session/route";
import * as channelsApi from "@/app/api/notifications/route";
import * as channelTestApi from "@/app/api/notifications/[id]/test/route";
import { StorageBanner } from "@/components/layout/storage-banner";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { StorageHealth } from "@/lib/db/storage-health";
import { MESSAGES } from "@/lib/i18n/messages";
import { startMonitorService } from "@/lib/monitoring/monitor-service";
import { checkReadiness } from "@/lib/monitoring/readiness";
import { ResultWriter } from "@/lib/monitoring/result-writer";
import { ShardLeases } from "@/lib/scheduler/shard-leases";
import { SqliteLeaseStore } from "@/lib/db/store/sqlite/sqlite-lease-store";
import { SqliteResultStore } from "@/lib/db/store/sqlite/sqlite-result-store";
import { Scheduler } from "@/lib/scheduler/scheduler";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { testPki } from "../fixtures/certificates";
import { childEnv } from "../helpers/child-env";
import { makeResult } from "../helpers/make-result";
import { writeCaFile } from "../helpers/probe-harness";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";
import { ADMIN_TOKEN, call, startTestService, type TestService } from "../helpers/test-service";

// A full disk without root mounts: SQLite's max_page_count on the writer
// connection makes growing writes fail with SQLITE_FULL exactly as a full
// disk does; raising it again is space coming back.
const fillDisk = (sqlite: Sqlite) => sqlite.pragma("max_page_count = 1");
const freeDisk = (sqlite: Sqlite) => sqlite.pragma("max_page_count = 1073741823");

function logLines(spy: { mock: { calls: unknown[][] } }, pattern: RegExp): string[] {
  return spy.mock.calls.map((args) => args.map(String).join(" ")).filter((line) => pattern.test(line));
}

describe("ResultWriter on a full disk", () => {
  let temp: TempDatabase;
  let sqlite: Sqlite;
  let routeId: number;
  let targetId: number;
  let errors: ReturnType<typeof vi.spyOn>;
  let infos: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    temp = await createTempDatabase();
    sqlite = openSqlite(temp.path);
    const target = await temp.db.target.create({ data: { name: "t", baseUrl: "https://127.0.0.1:9/v1", model: "m" } });
    const proxy = await temp.db.proxy.create({ data: { name: "direct", url: "direct" } });
    routeId = (await temp.db.route.create({ data: { proxyId: proxy.id, targetId: target.id } })).id;
    targetId = target.id;
    errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    infos = vi.spyOn(console, "log").mockImplementation(() => undefined);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    sqlite.close();
    await temp.cleanup();
  });

  const stored = () => (sqlite.prepare(`SELECT COUNT(*) AS n FROM "ProbeResult"`).get() as { n: number }).n;
  const storedTimes = () => (sqlite.prepare(`SELECT at FROM "ProbeResult" ORDER BY id`).all() as Array<{ at: number }>).map((row) => row.at);
  // Big messages fill pages fast.
  const result = (i: number) => ({ routeId, targetId, result: makeResult("ok", 1_700_000_000_000 + i * 1000, 100, { message: `ok ${i} ${"x".repeat(3000)}` }) });

  /** Writes (one flush each) until the disk refuses; returns how many were written in all. */
  async function writeUntilFull(writer: ResultWriter): Promise<number> {
    fillDisk(sqlite);
    for (let i = 0; i < 1000; i++) {
      const pending = writer.write(result(i));
      await writer.flush();
      await pending; // resolves whether stored or held: probing never waits for the disk
      if (writer.heldCount > 0) return i + 1;
    }
    throw new Error("the disk never filled");
  }

  it("holds results while writes fail, logs the cause once, and stores them all, in order, when space returns", async () => {
    const health = new StorageHealth();
    const writer = new ResultWriter(new SqliteResultStore(sqlite), () => ({ downAfterFailures: 3, upAfterSuccesses: 2 }), undefined, {
      flushMs: 10,
      maxBatch: 1000,
      storage: health,
      retryMs: 0,
    });
    let written = await writeUntilFull(writer);
    for (let i = 0; i < 20; i++, written++) {
      const pending = writer.write(result(written));
      await writer.flush();
      await pending;
    }
    expect(writer.heldCount).toBe(21);
    expect(stored()).toBe(written - 21);
    expect(health.status()).toMatchObject({ ok: false, failures: [{ source: "results", cause: "SQLITE_FULL (disk full)" }] });
    // 21 failed attempts, one line.
    expect(logLines(errors, /cannot write to the database/)).toEqual(["[proxypulse] error cannot write to the database: SQLITE_FULL (disk full)"]);

    freeDisk(sqlite);
    await writer.flush(true);
    expect(writer.heldCount).toBe(0);
    expect(stored()).toBe(written);
    expect(storedTimes()).toEqual([...storedTimes()].sort((a, b) => a - b));
    expect(health.status().ok).toBe(true);
    expect(logLines(infos, /database writes work again/)).toHaveLength(1);
    expect(logLines(infos, /stored 21 probe result\(s\) held in memory/)).toHaveLength(1);
    await writer.close();
  });

  it.each([
    { limit: "count", options: { maxHeld: 5 }, advanceMs: 0 },
    { limit: "age", options: { maxHeldMs: 60_000 }, advanceMs: 10_000 },
  ])("keeps memory bounded by $limit: drops the oldest held results, says how many, and keeps the newest", async ({ options, advanceMs }) => {
    let now = 1_000_000;
    const writer = new ResultWriter(new SqliteResultStore(sqlite), () => ({ downAfterFailures: 3, upAfterSuccesses: 2 }), undefined, {
      flushMs: 10,
      maxBatch: 1000,
      retryMs: 1_000_000_000,
      now: () => now,
      ...options,
    });
    let written = await writeUntilFull(writer);
    const firstHeld = written - 1;
    for (let i = 0; i < 11; i++, written++) {
      now += advanceMs;
      const pending = writer.write(result(written));
      await writer.flush();
      await pending;
    }
    // count: 12 held, 5 kept; age: 10 s apart, 60 s kept → the 7 newest (0…60 s old).
    const kept = options.maxHeld ?? 7;
    expect(writer.heldCount).toBe(kept);
    const dropped = logLines(errors, /dropped the (\d+) oldest/).map((line) => Number(/dropped the (\d+)/.exec(line)![1]));
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(12 - kept);
    const before = stored();
    freeDisk(sqlite);
    await writer.flush(true);
    expect(stored()).toBe(before + kept);
    const newest = storedTimes().slice(-kept);
    expect(newest).toEqual(Array.from({ length: kept }, (_, i) => 1_700_000_000_000 + (firstHeld + 12 - kept + i) * 1000));
    await writer.close();
  });
});

describe("the scheduler lease when the database cannot be written", () => {
  let temp: TempDatabase;
  let sqlite: Sqlite;
  let other: Sqlite;

  beforeEach(async () => {
    temp = await createTempDatabase();
    sqlite = openSqlite(temp.path);
    other = openSqlite(temp.path);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    sqlite.close();
    other.close();
    await temp.cleanup();
  });

  // query_only makes every write on this connection fail with SQLITE_READONLY, a storage failure like a full disk.
  const breakWrites = (db: Sqlite) => db.pragma("query_only = ON");

  it.each([
    { name: "a renewal refused by the storage keeps the lease (past its expiry too)", otherTakesIt: false, expected: true },
    { name: "but another live holder is still believed", otherTakesIt: true, expected: false },
  ])("$name", async ({ otherTakesIt, expected }) => {
    const health = new StorageHealth();
    const ours = new ShardLeases(new SqliteLeaseStore(sqlite), "ours", 1000, { storage: health });
    expect(await ours.acquire(0)).toBe(true);
    breakWrites(sqlite);
    if (otherTakesIt) expect(await new ShardLeases(new SqliteLeaseStore(other), "theirs", 1000).acquire(5000)).toBe(true);
    expect(await ours.acquire(5000)).toBe(expected);
    // Past the expiry, a route is still probed here only while no other process may have taken it.
    expect(ours.owns(1, 5000)).toBe(expected);
    expect(health.status()).toMatchObject({ ok: false, failures: [{ source: "scheduler lease", cause: "SQLITE_READONLY (the database file or its directory is read-only)" }] });
    expect(await ours.otherHolder(5000)).toBe(otherTakesIt ? "theirs" : null);
  });

  it("a scheduler whose lease renewals fail does not stand down as if another process held the lease", async () => {
    const changes: boolean[] = [];
    const health = new StorageHealth();
    let probes = 0;
    const scheduler = new Scheduler({
      listRoutes: () => [{ id: 1, intervalMs: 50, enabled: true, fingerprint: "v1" }],
      probe: async () => void (probes += 1),
      lease: new ShardLeases(new SqliteLeaseStore(sqlite), "ours", 150, { storage: health }),
      leaseTtlMs: 150,
      concurrency: 1,
      onLeadershipChange: (leader) => changes.push(leader),
    });
    await scheduler.start();
    breakWrites(sqlite);
    // Several renewals, well past the lease's expiry.
    const probesAtBreak = probes;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(changes).toEqual([true]);
    expect(scheduler.isLeader).toBe(true);
    // Its routes are still probed (the results wait in memory for the disk).
    expect(probes - probesAtBreak).toBeGreaterThan(5);
    expect(health.status().ok).toBe(false);
    await scheduler.stop(100);
  });
});

describe("/healthz, /readyz and the dashboard banner", () => {
  let api: FakeOpenAI;
  let test: TestService;

  beforeAll(async () => {
    api = await startFakeOpenAI({ tls: (await testPki()).server, apiKeys: ["sk-readyz-test-key"] });
    const caFile = await writeCaFile();
    test = await startTestService(
      `
intervalSeconds: 60
targets:
  - name: main
    baseUrl: ${api.baseUrl("ok")}
    apiKey: sk-readyz-test-key
    caFile: ${caFile}
proxies:
  - name: direct
    url: direct
`,
      { runScheduler: true },
    );
  });

  afterAll(async () => {
    await test?.stop();
    await api?.close();
  });

  it("are public: /healthz says the process serves, /readyz that storage and scheduler work", async () => {
    const live = await call(healthzApi.GET, { path: "/healthz", token: null });
    expect(live.status).toBe(200);
    expect(live.json).toEqual({ status: "ok" });
    const ready = await call(readyzApi.GET, { path: "/readyz", token: null });
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({
      status: "ok",
      checks: { storage: { ok: true, failing: [], heldResults: 0 }, scheduler: { ok: true, state: "running" } },
    });
    expect(ready.json.checks.storage.lastWriteAgeMs).toEqual(expect.any(Number));
  });

  it("on a full disk: probing goes on, /readyz fails on storage, the dashboard says why; when space returns all is stored", async () => {
    const { service } = test;
    const stored = () => (service.sqlite!.prepare(`SELECT COUNT(*) AS n FROM "ProbeResult"`).get() as { n: number }).n;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      fillDisk(service.sqlite!);
      // One big row needs pages the "disk" no longer has.
      const route = service.catalog.list()[0]!;
      const big = service.writer.write({ routeId: route.id, targetId: route.targetId, result: makeResult("ok", Date.now(), 100, { message: "x".repeat(20_000) }) });
      await service.writer.flush();
      await big;
      const before = stored();
      for (let i = 0; i < 3; i++) {
        const [outcome] = await service.probeNow();
        expect(outcome!.result.kind).toBe("ok");
      }
      await service.writer.flush();
      const held = service.health.heldResults();
      expect(held).toBe(4);

      const ready = await call(readyzApi.GET, { path: "/readyz", token: null });
      expect(ready.status).toBe(503);
      expect(ready.json).toMatchObject({
        status: "fail",
        checks: { storage: { ok: false, failing: ["SQLITE_FULL (disk full)"], heldResults: held }, scheduler: { ok: true, state: "running" } },
      });
      expect(ready.text).not.toContain(test.dir);
      expect(ready.text).not.toContain("sk-readyz-test-key");

      const banner = renderToStaticMarkup(await StorageBanner({ m: MESSAGES.en }));
      expect(banner).toContain("The database cannot be written (SQLITE_FULL (disk full))");
      expect(banner).toContain(`(${held} so far)`);
      expect(logLines(errors, /cannot write to the database/)).toHaveLength(1);
      expect(logLines(errors, /failed to run/)).toEqual([]);

      freeDisk(service.sqlite!);
      await service.writer.flush(true);
      expect(stored()).toBe(before + held);
      expect(service.health.heldResults()).toBe(0);
      expect((await call(readyzApi.GET, { path: "/readyz", token: null })).status).toBe(200);
      expect(await StorageBanner({ m: MESSAGES.en })).toBeNull();
    } finally {
      freeDisk(service.sqlite!);
      errors.mockRestore();
    }
  });

  it("after the storage recovers, the banner and the log say so at the next stored result, whether or not /readyz is asked again", async () => {
    const { service } = test;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const infos = vi.spyOn(console, "log").mockImplementation(() => undefined);
    // The alert passes of the results stored so far run on their own after them: done before the disk fails.
    await service.alertsIdle();
    try {
      service.sqlite!.pragma("query_only = 1");
      await service.probeNow();
      await service.writer.flush();
      // A supervisor asks while it fails (past the check's 5 s cache): the write check fails too.
      expect(await service.health.writeCheck.run(Date.now() + 5000)).toBe(false);
      expect(service.health.storage.status().failures.map((failure) => failure.source).sort()).toEqual(["results", "write check"]);
      service.sqlite!.pragma("query_only = 0");
      await service.writer.flush(true);
      expect(service.health.heldResults()).toBe(0);
      // Nobody asks /readyz now: a real write has just worked, so nothing is failing any more.
      expect(service.health.storage.status()).toMatchObject({ ok: true, failures: [] });
      expect(await StorageBanner({ m: MESSAGES.en })).toBeNull();
      expect(logLines(infos, /database writes work again/), JSON.stringify(infos.mock.calls)).toHaveLength(1);
    } finally {
      service.sqlite!.pragma("query_only = 0");
      errors.mockRestore();
      infos.mockRestore();
    }
  });

  // Both ways a request writes: the raw connection (a Send test's delivery
  // record in the outbox) and Prisma's own (a dashboard login, a configuration
  // change), whose error wraps SQLite's code. query_only makes every write of
  // that connection fail as on a read-only file, whatever its size
  // (max_page_count lets small writes into pages that have room).
  it.each([
    {
      name: "a Send test (raw SQLite)",
      fill: (service: TestService["service"]) => service.sqlite!.pragma("query_only = 1"),
      free: (service: TestService["service"]) => service.sqlite!.pragma("query_only = 0"),
      request: async () => {
        // Made through Prisma's connection, which still writes.
        const channel = await call(channelsApi.POST, { method: "POST", path: "/api/notifications", body: { name: "read-only-outbox", type: "webhook", url: "http://127.0.0.1:9/hook" } });
        return call(channelTestApi.POST, { method: "POST", path: `/api/notifications/${channel.json.channel.id}/test`, params: { id: String(channel.json.channel.id) } });
      },
    },
    {
      name: "a login (Prisma)",
      fill: (service: TestService["service"]) => service.db.$queryRawUnsafe("PRAGMA query_only = 1"),
      free: (service: TestService["service"]) => service.db.$queryRawUnsafe("PRAGMA query_only = 0"),
      request: () => call(sessionApi.POST, { method: "POST", path: "/api/session", body: { token: ADMIN_TOKEN }, token: null }),
    },
    {
      name: "adding a proxy (Prisma)",
      fill: (service: TestService["service"]) => service.db.$queryRawUnsafe("PRAGMA query_only = 1"),
      free: (service: TestService["service"]) => service.db.$queryRawUnsafe("PRAGMA query_only = 0"),
      request: () => call(proxiesApi.POST, { method: "POST", path: "/api/proxies", body: { name: "read-only-disk", url: "http://127.0.0.1:9" } }),
    },
  ])("on a database that cannot be written, $name answers 503 storage_unavailable with the cause, not a bare 500", async ({ fill, free, request }) => {
    const { service } = test;
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await fill(service);
      const answer = await request();
      expect(answer.status, answer.text).toBe(503);
      expect(answer.json.error.code).toBe("storage_unavailable");
      expect(answer.json.error.message).toContain("SQLITE_READONLY (the database file or its directory is read-only)");
      expect(answer.text).not.toContain(test.dir);
      expect(logLines(errors, /unexpected error/)).toEqual([]);
    } finally {
      await free(service);
      errors.mockRestore();
    }
  });

  it("a second process on the database file stands by on purpose while the first probes every route, says so once at start: ready; a stopped one is not", async () => {
    const infos = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const second = await startMonitorService({
      environment: childEnv({ DATABASE_URL: `file:${join(test.dir, "pp.db")}`, PROXYPULSE_ADMIN_TOKEN: "x".repeat(32), PROXYPULSE_CONFIG: join(test.dir, "proxypulse.yaml"), PATH: process.env.PATH }),
      runScheduler: true,
      cwd: test.dir,
    });
    try {
      expect(await checkReadiness(second.health)).toMatchObject({ status: "ok", checks: { scheduler: { ok: true, state: "standby" } } });
      expect(logLines(infos, /other processes on this database probe every route; this one stands by/)).toHaveLength(1);
    } finally {
      infos.mockRestore();
      await second.stop(100);
    }
    expect(await checkReadiness(second.health)).toMatchObject({ status: "fail", checks: { scheduler: { ok: false, state: "stopped" } } });
  });
});

describe("a database file removed or replaced under the running process", () => {
  it.each([
    { what: "removed", act: (path: string) => rmSync(path) },
    {
      what: "replaced",
      act: (path: string) => {
        copyFileSync(path, `${path}.copy`);
        renameSync(`${path}.copy`, path);
      },
    },
  ])("is noticed and stops the process with a clear error: $what", async ({ what, act }) => {
    const temp = await createTempDatabase();
    let fatal: string | null = null;
    const service = await startMonitorService({
      environment: childEnv({ DATABASE_URL: temp.url, PROXYPULSE_ADMIN_TOKEN: "x".repeat(32), PATH: process.env.PATH }),
      runScheduler: false,
      cwd: dirname(temp.path),
      onFatal: (message) => (fatal = message),
      databaseWatchMs: 20,
    }).catch(async (error: unknown) => {
      await temp.cleanup();
      throw error;
    });
    try {
      act(temp.path);
      const until = Date.now() + 5000;
      while (fatal === null && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fatal).toBe(
        `the database file ${temp.path} was ${what} while ProxyPulse was running: stopping, because every result from now on would be lost at the next start. Restore the file from a backup (or start again to begin a new database).`,
      );
    } finally {
      await service.stop(100);
      await temp.cleanup();
    }
  });
});
