// Issue 10, items 1, 2, 3, 7 and 8: charts that draw what they hold, times in
// the viewer's zone, the quota card's two facts, "probe all" naming routes,
// and no wrapping at 1280 px in either language.
//
// This spec makes two targets of its own (so the other specs' routes are
// untouched), seeds their history straight into the server's database, and
// deletes them at the end.
import Database from "better-sqlite3";
import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { bucketIndex } from "../../lib/monitoring/latency-histogram";
import { zonedText } from "../../lib/ui/zoned-time";
import { E2E, e2eFixtures } from "./e2e-env";

test.describe.configure({ mode: "serial" });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ids: { chartTarget?: number; brokeTarget?: number; chartRoute?: number; brokeRoute?: number } = {};

/** A browser context with an admin session (logged in through the API). */
async function adminContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, ...options });
  const login = await context.request.post("/api/session", { data: { token: E2E.adminToken } });
  expect(login.status()).toBe(204);
  return context;
}

async function open(page: Page, path: string) {
  await page.goto(path);
  // Client components (times, charts, buttons) settle once hydrated.
  await page.waitForLoadState("networkidle");
}

/** One minute rollup row of `count` successful probes of `ms` each. */
function seedMinute(db: Database.Database, routeId: number, at: number, ms: number) {
  const bucket = Math.floor(at / MINUTE) * MINUTE;
  db.prepare(
    `INSERT OR REPLACE INTO "RollupMinute" (routeId, bucket, total, okCount, kindCounts, latencySumMs, latencyMinMs, latencyMaxMs, latencyHist, dnsSumMs, connectSumMs, tunnelSumMs, tlsSumMs, ttfbSumMs)
     VALUES (?, ?, 1, 1, '{"ok":1}', ?, ?, ?, ?, 5, 10, 0, 20, ?)`,
  ).run(routeId, bucket, ms, ms, ms, JSON.stringify({ [bucketIndex(ms)]: 1 }), ms - 60);
}

test.beforeAll(async ({ browser, baseURL }) => {
  const fixtures = e2eFixtures();
  const context = await adminContext(browser, baseURL!);
  const headers = { origin: baseURL! };
  // A day between scheduled probes: the history below is what the charts show.
  for (const [key, body] of [
    ["chartTarget", { name: "tzchart", baseUrl: fixtures.okBaseUrl, apiKey: E2E.uiApiKey, probe: "models", intervalSeconds: 86_400 }],
    ["brokeTarget", { name: "tzbroke", baseUrl: fixtures.quotaBaseUrl, apiKey: E2E.brokeApiKey, intervalSeconds: 86_400 }],
  ] as const) {
    const created = await context.request.post("/api/targets", { data: body, headers });
    expect(created.status(), await created.text()).toBe(201);
    ids[key] = ((await created.json()) as { target: { id: number } }).target.id;
  }
  const page = await context.newPage();
  await open(page, "/");
  for (const [key, name] of [["chartRoute", "tzchart"], ["brokeRoute", "tzbroke"]] as const) {
    const href = await page.getByTestId(`route-${name}-direct`).getByRole("link").first().getAttribute("href");
    ids[key] = Number(/\/routes\/(\d+)/.exec(href ?? "")![1]);
  }
  // tzchart: one probe 20 minutes ago (the 1h range holds a single point);
  // hourly probes from 22 to 18 hours ago and from 9 hours ago on, nothing in
  // between (a real gap); one slow hour, so the axis reaches four digits.
  const now = Date.now();
  const db = new Database(fixtures.dbFile);
  db.pragma("busy_timeout = 5000");
  seedMinute(db, ids.chartRoute!, now - 20 * MINUTE, 300);
  for (const hoursAgo of [22, 21, 20, 19, 18, 9, 8, 7, 6, 5, 4, 3, 2]) seedMinute(db, ids.chartRoute!, now - hoursAgo * HOUR, hoursAgo === 5 ? 1750 : 300);
  db.close();
  await context.close();
});

test.afterAll(async ({ browser, baseURL }) => {
  const context = await adminContext(browser, baseURL!);
  for (const id of [ids.chartTarget, ids.brokeTarget]) {
    if (id !== undefined) await context.request.delete(`/api/targets/${id}`, { headers: { origin: baseURL! } });
  }
  await context.close();
});

test("a range holding one probe per series draws it as a dot", async ({ browser, baseURL }) => {
  const context = await adminContext(browser, baseURL!);
  const page = await context.newPage();
  await open(page, `/routes/${ids.chartRoute}?range=1h`);
  const latency = page.getByTestId("latency-chart");
  await expect(latency.locator('[data-testid="lone-dot"][data-series="p95"]')).toHaveCount(1);
  await expect(latency.locator('[data-testid="lone-dot"][data-series="ttfb"]')).toHaveCount(1);
  await expect(page.getByTestId("rate-chart").locator('[data-testid="lone-dot"][data-series="rate"]')).toHaveCount(1);
  await expect(page.getByTestId("range-summary")).toContainText("· 1 probe");
  await context.close();
});

test("24h: hourly probes make one continuous line, a pause of hours stays a gap", async ({ browser, baseURL }) => {
  const context = await adminContext(browser, baseURL!);
  const page = await context.newPage();
  await open(page, `/routes/${ids.chartRoute}?range=24h`);
  const p95 = page.getByTestId("latency-chart").locator(".recharts-line-curve");
  await expect(p95).toHaveCount(1);
  // Each "M" starts a piece of the line: before 18 h ago, and from 9 h ago.
  const pieces = async () => ((await p95.getAttribute("d")) ?? "").match(/M/g)?.length ?? 0;
  await expect.poll(pieces).toBe(2);
  const rate = page.getByTestId("rate-chart").locator(".recharts-line-curve");
  expect(((await rate.getAttribute("d")) ?? "").match(/M/g)?.length).toBe(2);
  // The summary is the range's: 14 probes, p50 and p95 of the 24 hours.
  await expect(page.getByTestId("range-summary")).toHaveText(/^Last 24h: Uptime 100% · p50 latency \d+ ms · p95 latency (1\.\d\d s|\d+ ms) · 14 probes$/);
  await context.close();
});

test("the value axis names its unit once and every tick fits on one line", async ({ browser, baseURL }) => {
  const context = await adminContext(browser, baseURL!, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await open(page, `/routes/${ids.chartRoute}?range=24h`);
  const chart = page.getByTestId("latency-chart");
  // The unit is the axis' title, once.
  await expect(chart.locator("svg text").filter({ hasText: /^ms$/ })).toHaveCount(1);
  // The value axis is on the left: its tick labels end at the axis line.
  const ticks = chart.locator('text.recharts-cartesian-axis-tick-value[text-anchor="end"]');
  await expect(ticks.first()).toBeVisible();
  const texts = await ticks.allTextContents();
  expect(texts.some((text) => text.length >= 4), texts.join(",")).toBe(true);
  const chartBox = (await chart.boundingBox())!;
  for (const tick of await ticks.all()) {
    expect(await tick.locator("tspan").count()).toBe(1);
    expect(await tick.textContent()).toMatch(/^\d+$/);
    expect((await tick.boundingBox())!.x).toBeGreaterThanOrEqual(chartBox.x);
  }
  await context.close();
});

test("times show in the viewer's zone, named, with a UTC switch remembered across pages and on the status page", async ({ browser, baseURL }) => {
  const context = await adminContext(browser, baseURL!, { timezoneId: "Asia/Shanghai" });
  const violations: string[] = [];
  const page = await context.newPage();
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)|hydrat/i.test(message.text())) violations.push(message.text());
  });
  // A failure to list: tzbroke's probe (quota exhausted).
  const probed = await context.request.post("/api/probes", { data: { routeId: ids.brokeRoute }, headers: { origin: baseURL! } });
  expect(probed.status()).toBe(200);
  await open(page, `/routes/${ids.brokeRoute}?range=24h`);
  await expect(page.getByTestId("viewer-zone")).toHaveText("(Asia/Shanghai (UTC+8))");
  await expect(page.getByTestId("chart-zone").first()).toHaveText("Times in Asia/Shanghai (UTC+8)");
  const failureTime = page.getByTestId("failures-table").locator("time").first();
  const iso = (await failureTime.getAttribute("datetime"))!;
  await expect(failureTime).toHaveText(zonedText(iso, "Asia/Shanghai", "full"));
  await expect(failureTime).toHaveText(/ UTC\+8$/);
  // The overview's uptime slots say their hour in the same zone.
  await open(page, "/");
  // Focusing the strip shows its latest hour's tip.
  const strip = page.getByTestId("route-tzchart-direct").locator(".uptime-strip");
  await strip.focus();
  await expect(strip.getByRole("tooltip")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:00 UTC\+8: /);
  await open(page, `/routes/${ids.brokeRoute}?range=24h`);

  // UTC, chosen once, holds on the next page and on the status page.
  await page.getByTestId("time-zone-switch").getByRole("link", { name: "UTC" }).click();
  await page.waitForLoadState("networkidle");
  await expect(page.getByTestId("time-zone-switch").getByRole("link", { name: "UTC" })).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("failures-table").locator("time").first()).toHaveText(zonedText(iso, "UTC", "full"));
  await expect(page.getByTestId("chart-zone").first()).toHaveText("Times in UTC");
  await open(page, "/status");
  await expect(page.getByTestId("time-zone-switch")).toContainText("Times in UTC");
  const updated = page.locator("time").first();
  await expect(updated).toHaveText(zonedText((await updated.getAttribute("datetime"))!, "UTC", "full"));

  // Back to local time, from the status page itself.
  await page.getByTestId("time-zone-switch").getByRole("link", { name: "Local" }).click();
  await expect(page.getByTestId("time-zone-switch")).toContainText("Times in Asia/Shanghai (UTC+8)");
  const local = page.locator("time").first();
  await expect(local).toHaveText(zonedText((await local.getAttribute("datetime"))!, "Asia/Shanghai", "full"));
  await open(page, `/routes/${ids.brokeRoute}?range=24h`);
  await expect(page.getByTestId("failures-table").locator("time").first()).toHaveText(zonedText(iso, "Asia/Shanghai", "full"));
  expect(violations).toEqual([]);
  await context.close();
});

test("the quota card tells billing apart from the per-minute rate limits, with no empty reset lines", async ({ browser, baseURL }) => {
  // The API's answer to an account without credit can carry full rate-limit
  // windows: what the issue showed ("Quota exhausted" beside 9,999 / 10,000).
  const db = new Database(e2eFixtures().dbFile);
  db.pragma("busy_timeout = 5000");
  db.prepare(
    `UPDATE "QuotaSnapshot" SET limitRequests = 10000, remainingRequests = 9999, resetRequestsMs = NULL, limitTokens = 200000, remainingTokens = 199990, resetTokensMs = 1 WHERE targetId = ?`,
  ).run(ids.brokeTarget);
  db.close();
  const context = await adminContext(browser, baseURL!);
  const page = await context.newPage();
  await open(page, "/");
  const card = page.getByTestId("quota-tzbroke");
  await expect(card.getByTestId("quota-billing")).toContainText("Billing");
  await expect(card.getByTestId("quota-billing")).toContainText("Quota exhausted");
  await expect(card.getByRole("alert")).toContainText("billing, not speed");
  const limits = card.getByTestId("quota-limits");
  await expect(limits).toContainText("Rate limits");
  await expect(limits).not.toContainText("Quota exhausted");
  await expect(limits.getByTestId("gauge-requests")).toContainText("Requests per minute left");
  await expect(limits.getByTestId("gauge-requests")).toContainText("9,999 / 10,000");
  await expect(limits.getByTestId("gauge-tokens")).toContainText("Tokens per minute left");
  // Neither reset time is known ahead: no "resets in" line at all.
  await expect(card).not.toContainText("resets in");
  await expect(card.getByTestId("quota-reset")).toHaveCount(0);
  await context.close();
});

test("probe all names each result's route, and its button keeps its place while probing", async ({ browser, baseURL }) => {
  const context = await adminContext(browser, baseURL!, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await open(page, "/");
  const button = page.getByTestId("probe-all").getByRole("button");
  const before = (await button.boundingBox())!;
  // Hold the probe's answer until the busy button has been measured.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/probes", async (route) => {
    await held;
    await route.continue();
  });
  await button.click();
  await expect(button).toHaveAttribute("aria-busy", "true");
  expect(await button.boundingBox()).toEqual(before);
  release();
  const routes = page.getByTestId("probe-all").getByTestId("probe-result-route");
  await expect(routes.first()).toBeVisible();
  const names = await routes.allTextContents();
  expect(names).toContain("tzchart via direct");
  expect(names).toContain("tzbroke via direct");
  // Failures first, each under its route's name.
  await expect(page.getByTestId("probe-all").getByTestId("probe-result").first()).toContainText("tzbroke via direct");
  await expect(button).toHaveAttribute("aria-busy", "false");
  expect(await button.boundingBox()).toEqual(before);
  await context.close();
});

for (const lang of ["en", "zh"] as const) {
  test(`at 1280 px in ${lang}, latency values and the probe buttons stay on one line`, async ({ browser, baseURL }) => {
    const context = await adminContext(browser, baseURL!, { viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: "pp_lang", value: lang, url: baseURL! }]);
    const page = await context.newPage();
    await open(page, "/");
    await expect(page.locator("html")).toHaveAttribute("lang", lang === "zh" ? "zh-CN" : "en");
    // Line boxes per text: one each when nothing wraps.
    const latencyHeader = lang === "zh" ? "延迟（1 小时）" : "Latency (1 h)";
    const measure = () =>
      page.evaluate((header) => {
        const count = (node: Node) => {
          const range = document.createRange();
          range.selectNodeContents(node);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        };
        const texts = (root: Element) => {
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          const found: Array<{ text: string; lines: number }> = [];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.textContent?.trim() && !node.parentElement?.closest(".hidden-label")) found.push({ text: node.textContent.trim(), lines: count(node) });
          }
          return found;
        };
        return [...document.querySelectorAll(`tbody td[data-label="${header}"]`), ...document.querySelectorAll("main button")].flatMap(texts);
      }, latencyHeader);
    const natural = await measure();
    expect(natural.length).toBeGreaterThan(4);
    for (const entry of natural) expect(entry.lines, entry.text).toBe(1);
    // Under pressure too (more routes, longer names and hints squeeze the
    // table the same way): the other columns give way, these never wrap.
    await page.addStyleTag({ content: "main table.data { width: 560px !important; max-width: 560px; }" });
    const squeezed = await measure();
    for (const entry of squeezed) expect(entry.lines, `${entry.text} (squeezed)`).toBe(1);
    await context.close();
  });
}
