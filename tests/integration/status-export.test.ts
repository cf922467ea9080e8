// Issue 10, items 5 (maintenance form errors), 17 (recurring maintenance,
// status page options, incidents feed) and 18 (CSV export, monthly SLA),
// against a real database (SQLite, and PostgreSQL in the "postgresql" project)
// and the app's own route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as maintenanceWindowApi from "@/app/api/maintenance/[id]/route";
import * as maintenanceApi from "@/app/api/maintenance/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { insertStoredResults } from "../helpers/insert-stored-results";
import { makeResult } from "../helpers/make-result";
import { readRows, runSql, sqlTime } from "../helpers/read-rows";
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

const queuedFor = async (proxy: string) =>
  (await readRows<{ payload: string }>(test.service.store, `SELECT payload FROM "OutboxMessage" WHERE event = 'route.down'`)).filter((row) => row.payload.includes(`"${proxy}`) || row.payload.includes(`via ${proxy}`) || row.payload.includes(`${proxy}/`)).length;

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
    const states = await readRows<{ name: string; state: string }>(test.service.store, `SELECT p.name, r.state FROM "Route" r JOIN "Proxy" p ON p.id = r."proxyId"`);
    expect(Object.fromEntries(states.map((s) => [s.name, s.state]))).toMatchObject({ nightly: "down", other: "down" });
    expect(await queuedFor("other")).toBe(1);
    expect(await queuedFor("nightly")).toBe(0);

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

describe("recurring maintenance on the status page", () => {
  it("marks a route during an occurrence until its end, and announces the next one within a week by public route names only", async () => {
    const { getStatusPage } = await import("@/lib/status/get-status-page");
    const { allMaintenanceWindows } = await import("@/lib/maintenance/maintenance-windows");
    const windows = [
      ...(await allMaintenanceWindows(test.service.db, test.service.config.maintenance)),
      { routes: ["other/*"], repeat: { daily: true as const, start: "02:00", end: "03:00", timeZone: "Europe/Berlin" }, note: "Daily restart" },
      { routes: ["secret-proxy/*"], repeat: { daily: true as const, start: "04:00", end: "05:00", timeZone: "UTC" }, note: "Not a route here" },
    ];
    // Saturday 2026-12-05 18:30 UTC: Sunday 02:30 in Shanghai (the file's weekly window), 19:30 in Berlin.
    const during = Date.parse("2026-12-05T18:30:00Z");
    const page = await getStatusPage(test.service.store, windows, during);
    const weekly = page.routes.find((r) => r.proxy === "weekly")!;
    expect(page.maintenance[weekly.id]).toEqual({ until: "2026-12-05T19:00:00.000Z", note: "Sunday upgrade" });
    expect(page.maintenance[page.routes.find((r) => r.proxy === "other")!.id]).toBeUndefined();
    // Next: Berlin's 02:00 on 6 December (CET) is 01:00 UTC.
    expect(page.plannedMaintenance).toEqual([{ from: "2026-12-06T01:00:00.000Z", to: "2026-12-06T02:00:00.000Z", note: "Daily restart", routes: ["api via other"] }]);
    const html = (await import("@/lib/status/render-status-html")).renderStatusHtml(page, { m: (await import("@/lib/i18n/messages")).MESSAGES.en, lang: "en", theme: "system" });
    expect(html).toContain('data-testid="planned-maintenance"');
    expect(html).not.toContain("secret-proxy");
  });
});

describe("CSV export of a route's results", () => {
  const BASE = Date.parse("2026-10-01T00:00:00.000Z");
  const ROWS = 2_345;
  let exportApi: typeof import("@/app/api/routes/[id]/export.csv/route");

  beforeAll(async () => {
    exportApi = await import("@/app/api/routes/[id]/export.csv/route");
    const r = route("weekly");
    // Several rows share each millisecond, so pages break in the middle of equal times.
    await insertStoredResults(
      test.service.store,
      r.id,
      Array.from({ length: ROWS }, (_, i) => {
        const failing = i % 10 === 3;
        return {
          at: BASE + Math.floor(i / 7) * 1000,
          ok: !failing,
          kind: failing ? "server_error" : "ok",
          layer: failing ? "api" : null,
          httpStatus: failing ? 500 : 200,
          apiErrorCode: failing ? "server_error" : null,
          message: failing ? `=HYPERLINK("http://evil.example","click"), row ${i}` : "OK",
          requestId: `req_${i}`,
          timings: { dnsMs: 1, connectMs: 2, tlsMs: 3, ttfbMs: 4, totalMs: 100 + i + 0.37 },
        };
      }),
    );
  });

  const get = (query: string, token?: string | null) => call(exportApi.GET, { params: { id: String(route("weekly").id) }, path: `/api/routes/x/export.csv?${query}`, ...(token === undefined ? {} : { token }) });

  it("streams every result in the range, oldest first, page by page, with escaped cells", async () => {
    const from = new Date(BASE).toISOString();
    const to = new Date(BASE + 86_400_000).toISOString();
    // Read the raw stream to see that it comes in pieces, not as one buffer.
    const request = new Request(`http://localhost/api/routes/x/export.csv?from=${from}&to=${to}`, { headers: { authorization: `Bearer test-admin-token-0123456789abcdef` } });
    const response = await exportApi.GET(request, { params: Promise.resolve({ id: String(route("weekly").id) }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="proxypulse-api-via-weekly-20261001-0000-20261002-0000.csv"');
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    const text = Buffer.concat(chunks).toString("utf8");
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("time,ok,kind,layer,httpStatus,apiErrorCode,totalMs,dnsMs,connectMs,tunnelMs,tlsMs,ttfbMs,requestId,message");
    expect(lines).toHaveLength(ROWS + 1);
    // Each row once, in order (the request ids count up).
    expect(lines.slice(1).map((line) => Number(/,req_(\d+),/.exec(line)![1]))).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    expect(lines[1]).toBe("2026-10-01T00:00:00.000Z,true,ok,,200,,100.37,1,2,,3,4,req_0,OK");
    expect(lines[4]).toBe(`2026-10-01T00:00:00.000Z,false,server_error,api,500,server_error,103.37,1,2,,3,4,req_3,"'=HYPERLINK(""http://evil.example"",""click""), row 3"`);
  });

  it.each([
    ["range=7d", 0],
    [`from=${BASE + 10_000}&to=${BASE + 20_000}`, 70],
    [`from=${new Date(BASE - 1).toISOString()}&to=${new Date(BASE + 1).toISOString()}`, 7],
  ])("?%s → %i rows", async (query, rows) => {
    const response = await get(query);
    expect(response.status).toBe(200);
    expect(response.text.split("\r\n").filter(Boolean)).toHaveLength(rows + 1);
  });

  it.each([
    ["range=1y", "range is one of"],
    ["range=7d&from=2026-01-01", "not both"],
    ["from=notadate", "is not a time"],
    ["from=2026-10-02&to=2026-10-01", "from must be before to"],
    ["from=2026-10-01&to=2026-10-01", "from must be before to"],
    ["from=2020-01-01&to=2026-01-01", "at most 400 days"],
    ["limit=5", "Unrecognized key"],
  ])("?%s is a 400 that says %j", async (query, message) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("invalid_input");
    expect(response.json.error.message).toContain(message);
  });

  it("needs the admin, and names an unknown route as not found", async () => {
    expect((await get("range=24h", null)).status).toBe(401);
    expect((await get("range=24h", "wrong-token")).status).toBe(401);
    const missing = await call(exportApi.GET, { params: { id: "424242" }, path: "/x?range=24h" });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe("not_found");
  });
});

describe("monthly uptime (SLA) from the hour rollups", () => {
  it("sums each UTC calendar month of the last 12, newest first, and says which have no data", async () => {
    const { getMonthlyUptime } = await import("@/lib/monitoring/get-monthly-uptime");
    // The route whose results the export test wrote straight into ProbeResult: it has no rollups of its own.
    const r = route("weekly");
    const hours: Array<[string, number, number]> = [
      ["2026-11-01T00:00:00Z", 60, 60], // first hour of November (UTC)
      ["2026-11-20T13:00:00Z", 60, 54],
      ["2026-10-31T23:00:00Z", 60, 30], // last hour of October
      ["2026-08-15T00:00:00Z", 40, 40],
      ["2025-12-01T00:00:00Z", 10, 9], // the oldest month shown
      ["2025-11-30T23:00:00Z", 99, 0], // 13 months back: not shown
      ["2026-12-01T00:00:00Z", 5, 0], // after now: not counted
    ];
    for (const [at, total, ok] of hours) {
      await runSql(
        test.service.store,
        `INSERT INTO "RollupHour" ("routeId", bucket, total, "okCount", "kindCounts", "latencyHist") VALUES (?, ?, ?, ?, '{}', '[]')
         ON CONFLICT ("routeId", bucket) DO UPDATE SET total = excluded.total, "okCount" = excluded."okCount"`,
        [r.id, sqlTime(Date.parse(at)), total, ok],
      );
    }
    const months = await getMonthlyUptime(test.service.store, r.id, Date.parse("2026-11-29T12:00:00Z"));
    expect(months.map((month) => month.month)).toEqual(["2026-11", "2026-10", "2026-09", "2026-08", "2026-07", "2026-06", "2026-05", "2026-04", "2026-03", "2026-02", "2026-01", "2025-12"]);
    expect(months[0]).toEqual({ month: "2026-11", total: 120, ok: 114, uptime: 0.95, current: true });
    expect(months[1]).toEqual({ month: "2026-10", total: 60, ok: 30, uptime: 0.5, current: false });
    expect(months[2]).toEqual({ month: "2026-09", total: 0, ok: 0, uptime: null, current: false });
    expect(months[3]!.uptime).toBe(1);
    expect(months[11]).toMatchObject({ month: "2025-12", total: 10, ok: 9 });
  });
});

describe("status page options", () => {
  let optionsApi: typeof import("@/app/api/settings/status-page/route");
  let statusPage: typeof import("@/app/status/route");
  let feed: typeof import("@/app/status/feed.xml/route");
  beforeAll(async () => {
    optionsApi = await import("@/app/api/settings/status-page/route");
    statusPage = await import("@/app/status/route");
    feed = await import("@/app/status/feed.xml/route");
  });

  const GOOD = { title: "Acme <AI> status", logoUrl: "https://cdn.example.test/acme.png", description: "Our routes to the API.\nAsk #ops & co.", homeUrl: "https://acme.example.test/" };

  it.each([
    [{ logoUrl: "javascript:alert(1)" }, "logoUrl"],
    [{ logoUrl: "http://cdn.example.test/logo.png" }, "logoUrl"],
    [{ logoUrl: "data:text/html;base64,PHNjcmlwdD4=" }, "logoUrl"],
    [{ logoUrl: "data:image/svg+xml,<svg onload=alert(1)>" }, "logoUrl"],
    [{ logoUrl: "//evil.example/logo.png" }, "logoUrl"],
    [{ logoUrl: "/\\evil.example/logo.png" }, "logoUrl"],
    [{ logoUrl: "https://user:pw@cdn.example.test/logo.png" }, "logoUrl"],
    [{ logoUrl: `data:image/png;base64,${"A".repeat(70_000)}` }, "logoUrl"],
    [{ homeUrl: "javascript:alert(1)" }, "homeUrl"],
    [{ homeUrl: "ftp://acme.example.test/" }, "homeUrl"],
    [{ homeUrl: "not a url" }, "homeUrl"],
    [{ title: "two\nlines" }, "title"],
    [{ title: "x".repeat(101) }, "title"],
    [{ title: 5 }, "title"],
    [{ description: "bell\u0007" }, "description"],
    [{ description: "x".repeat(1001) }, "description"],
    [{ theme: "neon" }, ""],
  ])("%j is a 400 naming %s, and nothing is stored", async (body, field) => {
    const response = await call(optionsApi.PUT, { method: "PUT", body });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("invalid_input");
    expect(response.json.error.details[0].path).toBe(field);
    expect((await call(optionsApi.GET)).json.source).toBe("default");
  });

  it("saved in the dashboard, are shown on /status, escaped, with the logo's origin alone allowed", async () => {
    expect((await call(optionsApi.PUT, { method: "PUT", body: GOOD, token: null })).status).toBe(401);
    const saved = await call(optionsApi.PUT, { method: "PUT", body: { ...GOOD, title: `  ${GOOD.title}  ` } });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ options: GOOD, source: "dashboard" });
    const page = await call(statusPage.GET, { token: null, path: "/status" });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1 data-testid="status-title">Acme &#60;AI&#62; status</h1>');
    expect(page.text).toContain("<title>Acme &#60;AI&#62; status</title>");
    expect(page.text).toContain("Our routes to the API.\nAsk #ops &#38; co.");
    expect(page.text).toContain('href="https://acme.example.test/" rel="noopener noreferrer"');
    expect(page.headers.get("content-security-policy")).toContain("img-src 'self' data: https://cdn.example.test;");
    expect(page.headers.get("etag")).toBeTruthy();
    // Emptying a field in the form unsets it.
    const cleared = await call(optionsApi.PUT, { method: "PUT", body: { ...GOOD, logoUrl: "" } });
    expect(cleared.json.options).toEqual({ title: GOOD.title, description: GOOD.description, homeUrl: GOOD.homeUrl });
  });

  it("set in proxypulse.yaml win, and the dashboard may not change them", async () => {
    const { effectiveStatusPageOptions, saveStatusPageOptions } = await import("@/lib/settings/status-page-options");
    const config = { statusPage: { title: "From the file" } };
    expect(await effectiveStatusPageOptions(test.service.db, config)).toEqual({ options: { title: "From the file" }, source: "file" });
    await expect(saveStatusPageOptions(test.service.db, config, { title: "From the UI" })).rejects.toThrow(/set in proxypulse.yaml/);
    // The file's options pass the same checks.
    const { ProxyPulseConfig } = await import("@/lib/config/config-schema");
    const parsed = ProxyPulseConfig.safeParse({ statusPage: { title: "Acme", logoUrl: "javascript:alert(1)" } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(["statusPage", "logoUrl"]);
    expect(ProxyPulseConfig.parse({ statusPage: { title: "Acme", logoUrl: "/logo.png", homeUrl: "http://intranet.example/" } }).statusPage).toEqual({ title: "Acme", logoUrl: "/logo.png", homeUrl: "http://intranet.example/" });
  });

  it("the Atom feed shows the page's incidents and nothing the page hides, cached like the page", async () => {
    const weekly = route("weekly");
    const store = test.service.store;
    await runSql(store, `INSERT INTO "Incident" ("routeId", "startedAt", "endedAt", kind, note) VALUES (?, ?, ?, ?, ?)`, [
      route("other").id,
      sqlTime(Date.now() - 3_600_000),
      sqlTime(Date.now() - 1_800_000),
      "proxy_unreachable",
      "Node swapped <b>&</b> \u0001back",
    ]);
    await runSql(store, `INSERT INTO "Incident" ("routeId", "startedAt", "endedAt", kind, note) VALUES (?, ?, NULL, 'timeout', 'paused route')`, [weekly.id, sqlTime(Date.now() - 600_000)]);
    // A paused route stays on the page (as Paused), so its incidents stay in the feed.
    await test.service.db.route.update({ where: { id: weekly.id }, data: { enabled: false, state: "paused" } });
    await test.service.db.probeResult.updateMany({ where: { ok: false }, data: { message: "connect ECONNREFUSED 10.9.8.7:3128 INTERNAL-DETAIL" } });

    const response = await call(feed.GET, { token: null, path: "/status/feed.xml" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    const { checkXml } = await import("../helpers/check-xml");
    const { errors, elements } = checkXml(response.text);
    expect(errors).toEqual([]);
    expect(elements[0]!.name).toBe("feed");
    const entries = elements.filter((element) => element.name === "content").map((element) => element.text);
    expect(entries.some((text) => text.includes("api via other") && text.includes("Node swapped <b>&</b> back"))).toBe(true);
    expect(elements.find((element) => element.name === "title")!.text).toBe("Acme <AI> status");
    // The same incidents as the page's data (the page itself may be cached from an earlier test).
    const { getStatusPage } = await import("@/lib/status/get-status-page");
    const { allMaintenanceWindows } = await import("@/lib/maintenance/maintenance-windows");
    const pageIncidents = (await getStatusPage(test.service.store, await allMaintenanceWindows(test.service.db, test.service.config.maintenance))).incidents;
    expect(entries.length).toBe(pageIncidents.length);
    for (const incident of pageIncidents) expect(entries.some((text) => text.startsWith(`${incident.target} via ${incident.proxy}`))).toBe(true);
    expect(entries.some((text) => text.includes("paused route"))).toBe(true);
    for (const hidden of ["api.example.test", "127.0.0.1", "9301", "sk-status-export-test", "INTERNAL-DETAIL", "10.9.8.7"]) expect(response.text).not.toContain(hidden);

    const again = new Request("http://localhost/status/feed.xml", { headers: { "if-none-match": response.headers.get("etag")! } });
    expect((await feed.GET(again, { params: Promise.resolve({}) })).status).toBe(304);
  });
});
