import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as routesApi from "@/app/api/routes/route";
import * as metricsApi from "@/app/metrics/route";
import { startBlackhole, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { parsePrometheusText } from "../helpers/prometheus-text";
import { readRow } from "../helpers/read-rows";
import { TEST_ENGINE } from "../helpers/test-database-url";
import { call, startTestService, type TestService } from "../helpers/test-service";

let upstream: FakeProxy;
let test: TestService;
const warnings: string[] = [];

beforeAll(async () => {
  upstream = await startBlackhole();
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void warnings.push(String(line)));
  // One route whose upstream never answers, with a timeout longer than its interval.
  test = await startTestService(
    `
intervalSeconds: 5
timeoutMs: 6000
concurrency: 1
targets:
  - name: hanging
    baseUrl: http://127.0.0.1:${upstream.port}/v1
    apiKey: sk-test
    probe: models
proxies:
  - name: direct
    url: direct
`,
    { runScheduler: true },
  );
}, 30_000);

afterAll(async () => {
  await test?.stop();
  await upstream?.close();
  vi.restoreAllMocks();
});

describe("skipped probe slots", () => {
  it("are warned about at start, counted per route, and shown in the API and /metrics", { timeout: 30_000 }, async () => {
    expect(warnings.some((line) => /warn 1 route\(s\) cannot all be probed on time.*concurrency is 1/.test(line))).toBe(true);

    let listed: { skippedSlots: number } | undefined;
    const until = Date.now() + 20_000;
    while (!(listed && listed.skippedSlots >= 1)) {
      if (Date.now() > until) throw new Error("no slot was counted as skipped");
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { status, json } = await call(routesApi.GET);
      expect(status).toBe(200);
      listed = json.routes[0];
    }

    const stored = (await readRow<{ skippedSlots: number }>(test.service.store, `SELECT "skippedSlots" FROM "Route"`))!;
    expect(test.service.scheduler!.skippedSlots(1)).toBe(stored.skippedSlots);
    const families = parsePrometheusText((await call(metricsApi.GET)).text);
    const skipped = families.get("proxypulse_probe_slots_skipped_total")!;
    expect(skipped.type).toBe("counter");
    expect(skipped.samples).toEqual([
      { name: "proxypulse_probe_slots_skipped_total", labels: { route_id: "1", proxy: "direct", target: "hanging", location: "local" }, value: stored.skippedSlots },
    ]);
  });

  // SQLite's storage failures (SQLITE_READONLY here); PostgreSQL's errors are not told apart as storage failures (lib/db/storage-health.ts).
  it.runIf(TEST_ENGINE === "sqlite")("on a database that cannot be written, are a storage failure said once, not a probe that failed to run", { timeout: 30_000 }, async () => {
    const { health } = test.service;
    const sqlite = test.service.sqlite!;
    const before = warnings.length;
    sqlite.pragma("query_only = 1");
    try {
      const until = Date.now() + 25_000;
      while (!health.storage.status().failures.some((failure) => failure.source === "skipped slots")) {
        if (Date.now() > until) throw new Error("no skipped slot reached the storage health");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const logged = warnings.slice(before);
      expect(logged.filter((line) => /failed to run|counting skipped slots/.test(line))).toEqual([]);
      expect(logged.filter((line) => /cannot write to the database: SQLITE_READONLY/.test(line))).toHaveLength(1);
    } finally {
      sqlite.pragma("query_only = 0");
    }
  });
});
