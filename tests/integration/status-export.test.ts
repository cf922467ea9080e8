// Issue 10, items 5 (maintenance form errors), 17 (recurring maintenance,
// status page options, incidents feed) and 18 (CSV export, monthly SLA),
// against a real SQLite database and the app's own route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as maintenanceWindowApi from "@/app/api/maintenance/[id]/route";
import * as maintenanceApi from "@/app/api/maintenance/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { makeResult } from "../helpers/make-result";
import { startReceiver } from "../helpers/receivers";
import { call, startTestService, type TestService } from "../helpers/test-service";

let test: TestService;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let T = Date.now();

beforeAll(async () => {
  receiver = await startReceiver();
  test = await startTestService(`
alerts:
  downAfterFailures: 2
  upAfterSuccesses: 1
  cooldownMinutes: 0
maintenance:
  - routes: ["weekly/*"]
    repeat: { weekly: [sun], start: "02:00", end: "03:00", timeZone: Asia/Shanghai }
    note: Sunday upgrade
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-status-export-test
proxies:
  - name: nightly
    url: http://127.0.0.1:9301
  - name: other
    url: http://127.0.0.1:9302
  - name: weekly
    url: http://127.0.0.1:9303
notifications:
  - name: hook
    type: webhook
    url: ${receiver.url}/hook
`, { deliveryIntervalMs: 3_600_000 });
});

afterAll(async () => {
  await test?.stop();
  await receiver?.close();
});

const route = (proxy: string) => test.service.catalog.list().find((r) => r.proxyName === proxy)!;

async function record(proxy: string, kinds: OutcomeKind[]) {
  const r = route(proxy);
  for (const kind of kinds) {
    T = Math.max(T + 10, Date.now());
    await test.service.writer.write({ routeId: r.id, targetId: r.targetId, result: makeResult(kind, T, 100) });
  }
}

const queuedFor = (proxy: string) =>
  (test.service.sqlite.prepare(`SELECT payload FROM "OutboxMessage" WHERE event = 'route.down'`).all() as Array<{ payload: string }>).filter((row) => row.payload.includes(`"${proxy}`) || row.payload.includes(`via ${proxy}`) || row.payload.includes(`${proxy}/`)).length;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe("recurring maintenance windows", () => {
  it("created in the API, listed with their current occurrence, silence alerts during it like one-off windows", async () => {
    const now = Date.now();
    // Every day from 30 minutes ago to an hour from now (UTC wall clock; across midnight it ends the next day).
    const created = await call(maintenanceApi.POST, {
      method: "POST",
      body: { routes: ["nightly/*"], repeat: { daily: true, start: hhmm(now - 30 * 60_000), end: hhmm(now + 60 * 60_000), timeZone: "UTC" }, note: "Nightly backup" },
    });
    expect(created.status).toBe(201);
    expect(created.json.window.repeat).toMatchObject({ daily: true, timeZone: "UTC" });
    expect(Date.parse(created.json.window.from)).toBeLessThanOrEqual(now);
    expect(Date.parse(created.json.window.to)).toBeGreaterThan(now);

    const listed = await call(maintenanceApi.GET);
    const weekly = listed.json.windows.find((w: { routes: string[] }) => w.routes[0] === "weekly/*");
    expect(weekly).toMatchObject({ source: "file", note: "Sunday upgrade", repeat: { weekly: ["sun"], start: "02:00", end: "03:00", timeZone: "Asia/Shanghai" } });
    // Its next occurrence: a Sunday 02:00 in Shanghai is Saturday 18:00 UTC.
    expect(new Date(weekly.from).getUTCDay()).toBe(6);
    expect(weekly.from.slice(11, 16)).toBe("18:00");

    await record("nightly", ["ok", "timeout", "timeout", "timeout"]);
    await record("other", ["ok", "timeout", "timeout", "timeout"]);
    expect(route("nightly").proxyName).toBe("nightly");
    const states = test.service.sqlite.prepare(`SELECT p.name, r.state FROM "Route" r JOIN "Proxy" p ON p.id = r.proxyId`).all() as Array<{ name: string; state: string }>;
    expect(Object.fromEntries(states.map((s) => [s.name, s.state]))).toMatchObject({ nightly: "down", other: "down" });
    expect(queuedFor("other")).toBe(1);
    expect(queuedFor("nightly")).toBe(0);

    expect((await call(maintenanceWindowApi.DELETE, { method: "DELETE", params: { id: String(created.json.window.id) } })).status).toBe(200);
  });

  it.each([
    // body, field, message
    [{ routes: ["x/*"], from: "", to: "" }, "from", "Start is required"],
    [{ routes: ["x/*"], from: "", to: "" }, "to", "End is required"],
    [{ routes: ["x/*"], to: "2026-12-01T03:00:00Z" }, "from", "Start is required"],
    [{ routes: ["x/*"], from: "2026-12-01T03:00:00Z", to: "2026-12-01T02:00:00Z" }, "to", "End must be after start"],
    [{ routes: ["x/*"], from: "2026-12-01T03:00:00Z", to: "2026-12-01T03:00:00Z" }, "to", "End must be after start"],
    [{ routes: ["x/*"], from: "tomorrow", to: "2026-12-01T03:00:00Z" }, "from", "from must be an ISO 8601 time"],
    [{ routes: [], from: "2026-12-01T02:00:00Z", to: "2026-12-01T03:00:00Z" }, "routes", "at least one route pattern"],
    [{ routes: ["x/*"], repeat: { weekly: ["sun"], start: "02:00", end: "03:00", timeZone: "Mars/Olympus" } }, "repeat.timeZone", "IANA time zone"],
    [{ routes: ["x/*"], repeat: { weekly: ["sun"], start: "02:00", end: "03:00", timeZone: "UTC" }, from: "2026-12-01T02:00:00Z" }, "from", "takes no from"],
    [{ routes: ["x/*"], repeat: { start: "02:00", end: "03:00", timeZone: "UTC" } }, "repeat.daily", "exactly one of daily"],
  ])("%j: %s says %j (400, nothing stored)", async (body, field, message) => {
    const before = (await call(maintenanceApi.GET)).json.windows.length;
    const response = await call(maintenanceApi.POST, { method: "POST", body });
    expect(response.status).toBe(400);
    expect(response.json.error.details).toEqual(expect.arrayContaining([{ path: field, message: expect.stringContaining(message) }]));
    // A date picker's empty field is "required", never a format lecture.
    if (message.endsWith("required")) expect(response.json.error.details.find((d: { path: string }) => d.path === field).message).not.toMatch(/ISO|8601/);
    expect((await call(maintenanceApi.GET)).json.windows.length).toBe(before);
  });
});
