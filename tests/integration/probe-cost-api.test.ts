import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as targetApi from "@/app/api/targets/[id]/route";
import * as targetsApi from "@/app/api/targets/route";
import * as metricsApi from "@/app/metrics/route";
import * as statusApi from "@/app/api/status/route";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { recordResultsNow } from "@/lib/db/store/sqlite/sqlite-result-store";
import { DAY_MS, utcDayStart } from "@/lib/monitoring/tally-token-days";
import { makeResult } from "../helpers/make-result";
import { parsePrometheusText } from "../helpers/prometheus-text";
import { readRows, readValue, sqlTime } from "../helpers/read-rows";
import { TEST_ENGINE } from "../helpers/test-database-url";
import { call, startTestService, type TestService } from "../helpers/test-service";

let test: TestService;

beforeAll(async () => {
  test = await startTestService(`
intervalSeconds: 60
targets:
  - name: alpha
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-alpha-0123456789
    paidProbeEvery: 4
  - name: beta
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-beta-0123456789
    manualOnly: true
proxies:
  - name: direct
    url: direct
  - name: other
    url: http://127.0.0.1:9
`);
});

afterAll(async () => {
  await test?.stop();
});

const targetsByName = async () => {
  const { json } = await call(targetsApi.GET);
  return new Map((json.targets as Array<{ name: string; id: number } & Record<string, unknown>>).map((target) => [target.name, target]));
};
const routeOf = (target: string, proxy: string) => test.service.catalog.list().find((route) => route.targetName === target && route.proxyName === proxy)!;
const usage = (promptTokens: number, completionTokens: number) => ({ usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens } });
const record = (batch: ResultToRecord[], thresholds = { downAfterFailures: 3, upAfterSuccesses: 2 }) => test.service.store.results.record(batch, thresholds, Date.now());

describe("paidProbeEvery and manualOnly through the API", () => {
  it("reads them from the file's targets", async () => {
    const targets = await targetsByName();
    expect(targets.get("alpha")).toMatchObject({ paidProbeEvery: 4, manualOnly: false });
    expect(targets.get("beta")).toMatchObject({ paidProbeEvery: 1, manualOnly: true });
  });

  it("creates, reads and updates them", async () => {
    const created = await call(targetsApi.POST, { method: "POST", body: { name: "gamma", baseUrl: "http://127.0.0.1:9/v1", paidProbeEvery: 10, manualOnly: true } });
    expect(created.status).toBe(201);
    expect(created.json.target).toMatchObject({ paidProbeEvery: 10, manualOnly: true, probe: "chat" });
    const id = String(created.json.target.id);
    expect((await call(targetApi.GET, { params: { id } })).json.target).toMatchObject({ paidProbeEvery: 10, manualOnly: true });
    const patched = await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: { paidProbeEvery: 1, manualOnly: false } });
    expect(patched.status).toBe(200);
    expect(patched.json.target).toMatchObject({ paidProbeEvery: 1, manualOnly: false });
    // Once 1, the kind may become the free one.
    expect((await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: { probe: "models" } })).status).toBe(200);
    // The catalog the scheduler reads has them after the reload every change makes.
    const created2 = await call(targetsApi.POST, { method: "POST", body: { name: "delta", baseUrl: "http://127.0.0.1:9/v1", paidProbeEvery: 6, manualOnly: true } });
    expect(routeOf("delta", "direct")).toMatchObject({ paidProbeEvery: 6, manualOnly: true });
    expect(created2.status).toBe(201);
  });

  const AT_LEAST_1 = "paidProbeEvery: Paid probe every is at least 1 (1: every scheduled probe uses the target's own kind)";
  const WHOLE = "paidProbeEvery: Paid probe every must be a whole number of rounds, e.g. 10";
  const FREE = 'Paid probe every applies only to probe kinds that cost tokens: "models" is free already (leave it at 1)';
  it.each([
    ["0", { paidProbeEvery: 0 }, AT_LEAST_1],
    ["a negative number", { paidProbeEvery: -1 }, AT_LEAST_1],
    ["a fraction", { paidProbeEvery: 1.5 }, WHOLE],
    ["a string", { paidProbeEvery: "10" }, WHOLE],
    ["null", { paidProbeEvery: null }, WHOLE],
    ["an absurd number", { paidProbeEvery: 1e9 }, "paidProbeEvery: Paid probe every is at most 1440 rounds"],
    ["above 1 with the free kind", { probe: "models", paidProbeEvery: 3 }, `paidProbeEvery: ${FREE}`],
    ["manualOnly as a string", { manualOnly: "true" }, "manualOnly: manualOnly must be true or false"],
  ])("refuses to create a target with %s (400, one message, nothing stored)", async (_name, fields, message) => {
    const before = (await targetsByName()).size;
    const response = await call(targetsApi.POST, { method: "POST", body: { name: "bad", baseUrl: "http://127.0.0.1:9/v1", ...fields } });
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: "invalid_input", message });
    expect((await targetsByName()).size).toBe(before);
  });

  it.each([
    ["0", { paidProbeEvery: 0 }, AT_LEAST_1],
    ["a fraction", { paidProbeEvery: 2.5 }, WHOLE],
    ["above 1 with the free kind given", { probe: "models", paidProbeEvery: 2 }, FREE],
    ["the free kind while the stored value is above 1", { probe: "models" }, `${FREE} (the target's paidProbeEvery is 5: give paidProbeEvery: 1 too)`],
  ])("refuses to update a target with %s (400, the stored target unchanged)", async (_name, fields, message) => {
    const created = await call(targetsApi.POST, { method: "POST", body: { name: `upd-${Math.random().toString(36).slice(2, 8)}`, baseUrl: "http://127.0.0.1:9/v1", paidProbeEvery: 5 } });
    const id = String(created.json.target.id);
    const response = await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: fields });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toBe(message);
    expect((await call(targetApi.GET, { params: { id } })).json.target).toMatchObject({ paidProbeEvery: 5, probe: "chat" });
  });

  it("refuses to change the file's targets' cost controls from the API", async () => {
    const alpha = (await targetsByName()).get("alpha")!;
    const response = await call(targetApi.PATCH, { method: "PATCH", params: { id: String(alpha.id) }, body: { paidProbeEvery: 2 } });
    expect(response.status).toBe(403);
  });
});

describe("tokens spent by probes per target and UTC day", () => {
  it("sums a batch spanning midnight UTC over two targets and their routes, for the API and /metrics", async () => {
    const midnight = utcDayStart(Date.now());
    const yesterday = midnight - 60_000;
    const alphaDirect = routeOf("alpha", "direct");
    const alphaOther = routeOf("alpha", "other");
    const betaDirect = routeOf("beta", "direct");
    const item = (route: typeof alphaDirect, at: number, extra: Parameters<typeof makeResult>[3]) => ({ routeId: route.id, targetId: route.targetId, result: makeResult("ok", at, 100, extra) });
    await record(
      [
        item(alphaDirect, yesterday, usage(10, 1)),
        item(alphaOther, yesterday + 1000, usage(12, 1)),
        item(alphaDirect, midnight, usage(11, 1)),
        item(alphaOther, midnight, { usage: null, probe: "models" }),
        item(betaDirect, yesterday, usage(7, 2)),
        item(betaDirect, midnight, usage(8, 3)),
        // Only a total (an embeddings answer): counted as prompt tokens.
        item(betaDirect, midnight, { usage: { promptTokens: null, completionTokens: null, totalTokens: 5 } }),
      ],
    );
    // A second batch adds to the same day's row.
    await record([item(alphaDirect, midnight, usage(20, 1))]);

    const rows = await readRows(test.service.store, `SELECT t.name, d.day, d."promptTokens", d."completionTokens", d.probes FROM "TargetTokenDay" d JOIN "Target" t ON t.id = d."targetId" ORDER BY t.name, d.day`);
    expect(rows).toEqual([
      { name: "alpha", day: midnight - DAY_MS, promptTokens: 22, completionTokens: 2, probes: 2 },
      { name: "alpha", day: midnight, promptTokens: 31, completionTokens: 2, probes: 3 },
      { name: "beta", day: midnight - DAY_MS, promptTokens: 7, completionTokens: 2, probes: 1 },
      { name: "beta", day: midnight, promptTokens: 13, completionTokens: 3, probes: 2 },
    ]);

    const dayName = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const targets = await targetsByName();
    expect(targets.get("alpha")!.tokens).toEqual({
      today: { promptTokens: 31, completionTokens: 2, probes: 3 },
      last7Days: { promptTokens: 53, completionTokens: 4, probes: 5 },
      days: [
        { day: dayName(midnight), promptTokens: 31, completionTokens: 2, probes: 3 },
        { day: dayName(midnight - DAY_MS), promptTokens: 22, completionTokens: 2, probes: 2 },
      ],
    });
    const beta = await call(targetApi.GET, { params: { id: String(targets.get("beta")!.id) } });
    expect(beta.json.target.tokens.today).toEqual({ promptTokens: 13, completionTokens: 3, probes: 2 });
    expect(targets.get("gamma")!.tokens).toEqual({ today: { promptTokens: 0, completionTokens: 0, probes: 0 }, last7Days: { promptTokens: 0, completionTokens: 0, probes: 0 }, days: [] });

    const metrics = parsePrometheusText((await call(metricsApi.GET)).text);
    const tokens = metrics.get("proxypulse_probe_tokens_today")!;
    expect(tokens.type).toBe("gauge");
    const value = (target: string, type: string) => tokens.samples.find((sample) => sample.labels.target === target && sample.labels.type === type)?.value;
    expect([value("alpha", "prompt"), value("alpha", "completion"), value("beta", "prompt"), value("beta", "completion"), value("gamma", "prompt")]).toEqual([31, 2, 13, 3, 0]);
    const probes = metrics.get("proxypulse_target_probes_today")!;
    expect(probes.type).toBe("gauge");
    expect(probes.samples.find((sample) => sample.labels.target === "alpha")?.value).toBe(3);
  });

  it("writes one row per target and day per batch, however many results the batch holds", async () => {
    const writes: string[] = [];
    // Counts the runs of every statement that touches the day table, through the same recordResults.
    const spied = (sqlite: NonNullable<typeof test.service.sqlite>) => new Proxy(sqlite, {
      get(target, property) {
        if (property === "prepare") {
          return (sql: string) => {
            const statement = target.prepare(sql);
            if (!sql.includes("TargetTokenDay")) return statement;
            return new Proxy(statement, {
              get(inner, key) {
                if (key === "run") return (...args: unknown[]) => (writes.push(sql), (inner.run as (...a: unknown[]) => unknown)(...args));
                const value = Reflect.get(inner, key) as unknown;
                return typeof value === "function" ? value.bind(inner) : value;
              },
            });
          };
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const midnight = utcDayStart(Date.now()) - 2 * DAY_MS;
    const routes = test.service.catalog.list().filter((route) => route.targetName === "alpha" || route.targetName === "beta");
    const batch = Array.from({ length: 400 }, (_, i) => {
      const route = routes[i % routes.length]!;
      return { routeId: route.id, targetId: route.targetId, result: makeResult("ok", midnight - 500_000 + i * 2500, 100, usage(1, 1)) };
    });
    if (TEST_ENGINE === "sqlite") {
      recordResultsNow(spied(test.service.sqlite!), batch, { downAfterFailures: 3, upAfterSuccesses: 2 });
      // Two targets × two days.
      expect(writes).toHaveLength(4);
    } else await record(batch); // One statement for all of the batch's rows (an upsert that would fail on a key given twice).
    const probes = await readValue(test.service.store, `SELECT SUM(probes) AS n FROM "TargetTokenDay" WHERE day IN (?, ?)`, [sqlTime(midnight - DAY_MS), sqlTime(midnight)]);
    expect(probes).toBe(400);
  });

  it("prunes a day's row once all of that day is past the raw results' retention", async () => {
    const { store } = test.service;
    const midnight = utcDayStart(Date.now());
    const route = routeOf("alpha", "direct");
    const old = midnight - 10 * DAY_MS;
    await record([{ routeId: route.id, targetId: route.targetId, result: makeResult("ok", old + 5000, 100, usage(1, 1)) }]);
    const days = async () => (await readRows<{ day: number }>(store, `SELECT day FROM "TargetTokenDay" WHERE "targetId" = ? ORDER BY day`, [route.targetId])).map((row) => (row.day - midnight) / DAY_MS);
    expect(await days()).toEqual([-10, -3, -2, -1, 0]);
    // Retention reaching into day -10: kept (some of its results are still kept).
    const kept = await store.upkeep.prune({ rawDays: 10, minuteRollupDays: 2, rollupDays: 400 }, midnight + 1000);
    expect(kept.tokenDays).toBe(0);
    const pruned = await store.upkeep.prune({ rawDays: 9, minuteRollupDays: 2, rollupDays: 400 }, midnight);
    expect(pruned.tokenDays).toBe(1);
    expect(await days()).toEqual([-3, -2, -1, 0]);
  });
});

describe("manual-only routes on the status page", () => {
  it("are listed as manual-only and not counted in the overall state when their last manual probe failed", async () => {
    const betaRoutes = test.service.catalog.list().filter((route) => route.targetName === "beta");
    const others = test.service.catalog.list().filter((route) => route.targetName !== "beta");
    const at = Date.now() - 1000;
    await record(others.map((route) => ({ routeId: route.id, targetId: route.targetId, result: makeResult("ok", at) })).concat(others.map((route) => ({ routeId: route.id, targetId: route.targetId, result: makeResult("ok", at + 1) }))), { downAfterFailures: 1, upAfterSuccesses: 1 });
    await record(betaRoutes.map((route) => ({ routeId: route.id, targetId: route.targetId, result: makeResult("timeout", at) })), { downAfterFailures: 1, upAfterSuccesses: 1 });
    const { json } = await call(statusApi.GET, { token: null });
    const beta = (json.routes as Array<{ target: string; state: string; manualOnly?: boolean }>).filter((route) => route.target === "beta");
    expect(beta.map((route) => [route.state, route.manualOnly])).toEqual([["down", true], ["down", true]]);
    expect(json.overall).toBe("up");
  });
});
