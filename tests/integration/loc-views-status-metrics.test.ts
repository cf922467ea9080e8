import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as metricsApi from "@/app/metrics/route";
import * as statusApi from "@/app/api/status/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { MESSAGES } from "@/lib/i18n/messages";
import { getStatusPage } from "@/lib/status/get-status-page";
import { renderStatusHtml } from "@/lib/status/render-status-html";
import { makeResult } from "../helpers/make-result";
import { parsePrometheusText } from "../helpers/prometheus-text";
import { readValue } from "../helpers/read-rows";
import { addLocation, addLocationRow, setOnline } from "../helpers/seed-locations";
import { call, startTestService, type TestService } from "../helpers/test-service";

/** "multi" (api via clash) is probed from the hub ("local"), hk-vps and sg-vps; "single" (api via direct) from the hub alone. */
let test: TestService;
const rows: Record<string, number> = {};
let single: number;
let targetId: number;
let T = Date.now() - 20 * 60_000;

async function record(routeId: number, kinds: OutcomeKind[]) {
  const { store, db } = test.service;
  await store.results.record(kinds.map((kind) => ({ routeId, targetId, result: makeResult(kind, (T += 1000)) })), { downAfterFailures: 2, upAfterSuccesses: 1 }, Date.now());
  await store.summaries.refreshWritten((await db.route.findMany({ select: { id: true } })).map((route) => route.id), Date.now());
}

beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-status-test
proxies:
  - name: clash
    url: http://127.0.0.1:9301
  - name: direct
    url: direct
`);
  const routes = test.service.catalog.list();
  const multi = routes.find((route) => route.proxyName === "clash")!;
  single = routes.find((route) => route.proxyName === "direct")!.id;
  targetId = multi.targetId;
  rows.local = multi.id;
  rows["hk-vps"] = await addLocationRow(test.service.store, multi.id, await addLocation(test.service.store, "hk-vps"));
  rows["sg-vps"] = await addLocationRow(test.service.store, multi.id, await addLocation(test.service.store, "sg-vps"));
  for (const id of [...Object.values(rows), single]) await record(id, ["ok"]);
  await record(rows["hk-vps"]!, ["timeout", "timeout"]);
});

afterAll(async () => test?.stop());

const statusHtml = async () => renderStatusHtml(await getStatusPage(test.service.store, [], Date.now()), { m: MESSAGES.en, lang: "en", theme: "light" });

describe("the public status page with several locations", () => {
  it("shows a route down in fewer than minLocations locations as degraded, one line with a dot per location", async () => {
    const { json } = await call(statusApi.GET, { token: null });
    const multi = json.routes.find((route: { proxy: string }) => route.proxy === "clash");
    expect(multi).toMatchObject({ id: rows.local, state: "degraded", locations: [{ name: "local", state: "up" }, { name: "hk-vps", state: "down" }, { name: "sg-vps", state: "up" }] });
    expect(json.routes.filter((route: { proxy: string }) => route.proxy === "clash")).toHaveLength(1);
    // A route probed from the hub alone reads as before: no locations field.
    expect(json.routes.find((route: { proxy: string }) => route.proxy === "direct")).not.toHaveProperty("locations");
    expect(json.overall).toBe("degraded");
    const html = await statusHtml();
    expect(html).toContain('aria-label="hk-vps: Down"');
    expect(html).toContain('aria-label="local: Up"');
    expect(html).toMatch(/data-testid="down-in">down in 1 of 3 locations</);
    expect(html).toContain('data-testid="overall">Some routes degraded');
    expect(html.match(/data-testid="status-route"/g)).toHaveLength(2);
  });

  it("counts the route as down once a majority of its locations say so", async () => {
    await record(rows.local!, ["timeout", "timeout"]);
    const { json } = await call(statusApi.GET, { token: null });
    expect(json.routes.find((route: { proxy: string }) => route.proxy === "clash").state).toBe("down");
    const html = await statusHtml();
    expect(html).toMatch(/data-testid="down-in">down in 2 of 3 locations</);
    expect(html).toContain('data-testid="overall">Partial outage');
    await record(rows.local!, ["ok"]);
  });

  it("leaves out a location whose agent is silent, drawing its dot as offline with what it last reported", async () => {
    const hk = await readValue<number>(test.service.store, `SELECT "locationId" FROM "Route" WHERE id = ?`, [rows["hk-vps"]]);
    await setOnline(test.service.store, hk, false);
    try {
      const { json } = await call(statusApi.GET, { token: null });
      expect(json.routes.find((route: { proxy: string }) => route.proxy === "clash")).toMatchObject({ state: "up", locations: [{ name: "local", online: true }, { name: "hk-vps", state: "down", online: false }, { name: "sg-vps", online: true }] });
      const html = await statusHtml();
      expect(html).toContain('class="loc-dot offline" role="img" title="hk-vps: offline, last reported Down"');
      expect(html).not.toContain('data-testid="down-in"');
      const families = parsePrometheusText((await call(metricsApi.GET)).text);
      const online = Object.fromEntries(families.get("proxypulse_location_online")!.samples.map((sample) => [sample.labels.location, sample.value]));
      expect(online).toEqual({ local: 1, "hk-vps": 0, "sg-vps": 1 });
    } finally {
      await setOnline(test.service.store, hk, true);
    }
  });
});

describe("/metrics with several locations", () => {
  it("labels every per-route series with its location, route_id naming the pair", async () => {
    const families = parsePrometheusText((await call(metricsApi.GET)).text);
    for (const family of ["proxypulse_probes_total", "proxypulse_route_state", "proxypulse_route_last_probe_timestamp_seconds", "proxypulse_probe_slots_skipped_total", "proxypulse_probe_duration_seconds"]) {
      const samples = families.get(family)!.samples;
      expect(samples.every((sample) => sample.labels.location !== undefined), family).toBe(true);
      expect(new Set(samples.filter((sample) => sample.labels.proxy === "clash").map((sample) => `${sample.labels.route_id}@${sample.labels.location}`)), family).toEqual(
        new Set([`${rows.local}@local`, `${rows.local}@hk-vps`, `${rows.local}@sg-vps`]),
      );
    }
    const down = families.get("proxypulse_route_state")!.samples.filter((sample) => sample.labels.state === "down" && sample.value === 1);
    expect(down.map((sample) => sample.labels.location)).toEqual(["hk-vps"]);
    const timeouts = families.get("proxypulse_probes_total")!.samples.filter((sample) => sample.labels.kind === "timeout");
    expect(Object.fromEntries(timeouts.map((sample) => [sample.labels.location, sample.value]))).toEqual({ "hk-vps": 2, local: 2 });
    expect(families.get("proxypulse_route_state")!.samples.find((sample) => sample.labels.proxy === "direct")!.labels.location).toBe("local");
  });
});
