// Issue 13, item 6: the overview's uptime strip is one element per route (an
// SVG and one accessible summary), with a slot's time, counts and top error on
// hover and on focus with the arrow keys; a page of 50 routes stays small.
//
// This spec makes a target and proxies of its own (one target × at least 50
// proxies), seeds their hour rollups straight into the
// server's database, and deletes what it made at the end.
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E, e2eFixtures } from "./e2e-env";

test.describe.configure({ mode: "serial" });

const HOUR = 3_600_000;
const ADMIN = { authorization: `Bearer ${E2E.adminToken}` };
const created: { target?: number; proxies: number[] } = { proxies: [] };
const route: { id?: number; testId?: string } = {};

/**
 * What the first route's hours hold, by hours ago (0 = this hour): all 60
 * probes passed, except 3 hours ago (50 of 60, mostly timeouts), 7 hours ago
 * (57 of 60, degraded) and this hour (no probes yet).
 */
function hourOf(hoursAgo: number): { total: number; ok: number; kinds: Record<string, number> } | null {
  if (hoursAgo === 0) return null;
  if (hoursAgo === 3) return { total: 60, ok: 50, kinds: { ok: 50, timeout: 8, connection_reset: 2 } };
  if (hoursAgo === 7) return { total: 60, ok: 57, kinds: { ok: 57, proxy_unreachable: 3 } };
  return { total: 60, ok: 60, kinds: { ok: 60 } };
}

/** The tip's expected text for the hour that starts at `start` (UTC). */
function tipFor(start: number): string {
  const hour = hourOf(Math.round((Math.floor(Date.now() / HOUR) * HOUR - start) / HOUR));
  const time = `${new Date(start).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  if (!hour) return `${time}: no data`;
  const top = Object.entries(hour.kinds).filter(([kind]) => kind !== "ok").sort((a, b) => b[1] - a[1])[0]?.[0];
  const titles: Record<string, string> = { timeout: "Timeout", proxy_unreachable: "Proxy unreachable" };
  return `${time}: ${hour.ok} ok, ${hour.total - hour.ok} failed${top ? ` · top error: ${titles[top]}` : ""}`;
}

async function proxyCount(request: APIRequestContext): Promise<number> {
  const response = await request.get("/api/proxies", { headers: ADMIN });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { proxies: unknown[] }).proxies.length;
}

async function open(page: Page, path: string) {
  const session = await page.request.post("/api/session", { data: { token: E2E.adminToken } });
  expect(session.status()).toBe(204);
  await page.goto(path);
  // The strip's tips work once hydrated.
  await page.waitForLoadState("networkidle");
}

test.beforeAll(async ({ request }) => {
  const fixtures = e2eFixtures();
  const target = await request.post("/api/targets", { headers: ADMIN, data: { name: "zzslots", baseUrl: fixtures.okBaseUrl, apiKey: E2E.uiApiKey, probe: "models", intervalSeconds: 86_400 } });
  expect(target.status(), await target.text()).toBe(201);
  created.target = ((await target.json()) as { target: { id: number } }).target.id;
  // At least 50 proxies, so that this target alone fills a page of 50.
  for (let i = 0; (await proxyCount(request)) < 50; i++) {
    expect(i, "proxies needed to reach 50").toBeLessThan(60);
    const proxy = await request.post("/api/proxies", { headers: ADMIN, data: { name: `zzs${String(i).padStart(2, "0")}`, url: "direct" } });
    expect(proxy.status(), await proxy.text()).toBe(201);
    created.proxies.push(((await proxy.json()) as { proxy: { id: number } }).proxy.id);
  }
  const listed = await request.get("/api/routes?target=zzslots", { headers: ADMIN });
  expect(listed.status(), await listed.text()).toBe(200);
  const routes = ((await listed.json()) as { routes: Array<{ id: number; targetName: string; proxyName: string }> }).routes;
  // Every route of the target gets a full day, so the page below carries 24 filled slots a row.
  const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
  const db = new Database(fixtures.dbFile);
  db.pragma("busy_timeout = 5000");
  const insert = db.prepare(
    `INSERT OR REPLACE INTO "RollupHour" (routeId, bucket, total, okCount, kindCounts, latencySumMs, latencyHist) VALUES (?, ?, ?, ?, ?, 0, '[]')`,
  );
  db.transaction(() => {
    for (const { id } of routes) {
      for (let hoursAgo = 0; hoursAgo < 24; hoursAgo++) {
        const hour = hourOf(hoursAgo);
        if (hour) insert.run(id, thisHour - hoursAgo * HOUR, hour.total, hour.ok, JSON.stringify(hour.kinds));
      }
    }
  })();
  db.close();
  route.id = routes[0]!.id;
  route.testId = `route-${routes[0]!.targetName}-${routes[0]!.proxyName}`;
});

test.afterAll(async ({ request }) => {
  for (const id of created.proxies) await request.delete(`/api/proxies/${id}`, { headers: ADMIN });
  if (created.target !== undefined) await request.delete(`/api/targets/${created.target}`, { headers: ADMIN });
});

test("hovering or focusing a slot shows its time, counts and top error; the strip has one summary", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, timezoneId: "UTC", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await open(page, "/?target=zzslots");
  const strip = page.getByTestId(route.testId!).locator(".uptime-strip");
  const tip = strip.getByRole("tooltip");
  const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
  const slotStart = (index: number) => thisHour - (23 - index) * HOUR;

  // One accessible sentence: hours by state and the worst hour in full.
  await expect(strip).toHaveAttribute("aria-label", `Last 24 h: 21 h up, 1 h degraded, 1 h down, 1 h without probes; worst hour ${tipFor(slotStart(20))}`);
  await expect(strip.locator("[role=listitem], [title]")).toHaveCount(0);

  // The pointer over a slot: its tip, for each tone and for an empty hour.
  const box = (await strip.boundingBox())!;
  for (const index of [20, 16, 23, 0]) {
    await page.mouse.move(box.x + ((index + 0.5) / 24) * box.width, box.y + box.height / 2);
    await expect(tip).toHaveText(tipFor(slotStart(index)));
  }
  await page.mouse.move(box.x - 100, box.y + box.height / 2);
  await expect(tip).toHaveCount(0);

  // The keyboard: focus shows the latest hour, the arrows step, Home and End jump, Escape hides.
  await strip.focus();
  await expect(tip).toHaveText(tipFor(slotStart(23)));
  await expect(strip).toHaveAttribute("aria-describedby", (await tip.getAttribute("id"))!);
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
  await expect(tip).toHaveText(tipFor(slotStart(20)));
  await page.keyboard.press("Home");
  await expect(tip).toHaveText(tipFor(slotStart(0)));
  await page.keyboard.press("ArrowLeft");
  await expect(tip).toHaveText(tipFor(slotStart(0)));
  await page.keyboard.press("End");
  await expect(tip).toHaveText(tipFor(slotStart(23)));
  await page.keyboard.press("Escape");
  await expect(tip).toHaveCount(0);
  await context.close();
});

test("the strip speaks Chinese on a Chinese page", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, timezoneId: "UTC" });
  const page = await context.newPage();
  await open(page, "/api/preferences?lang=zh&back=%2F%3Ftarget%3Dzzslots");
  const strip = page.getByTestId(route.testId!).locator(".uptime-strip");
  await expect(strip).toHaveAttribute("aria-label", /^最近 24 小时：21 小时正常，1 小时不稳定，1 小时中断，1 小时无探测；最差的一小时 .*: 50 成功, 10 失败 · 主要错误: 请求超时$/);
  await strip.focus();
  await expect(strip.getByRole("tooltip")).toHaveText(/: 无数据$/);
  await context.close();
});

test("a page of 50 routes with full strips stays small: under 4 KB of HTML a row, 250 KB in all", async ({ request }) => {
  const session = await request.post("/api/session", { data: { token: E2E.adminToken } });
  expect(session.status()).toBe(204);
  const page = async (per: number) => {
    const response = await request.get(`/?target=zzslots&per=${per}`);
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html.match(/<tr data-testid="route-/g)).toHaveLength(per);
    expect(html.match(/class="uptime-strip"/g)).toHaveLength(per);
    return html.length;
  };
  const [rows25, rows50] = [await page(25), await page(50)];
  // What a row costs, whatever else the page holds (the filters' lists grow with the proxies other specs made).
  // Measured (2026-11-30): 2.8 KB a row and 178 KB for the page. With an element per slot a row took some 3.5 KB
  // more (bench:overview, 50 rows: 480 KB then, 305 KB with one SVG a strip, 289 KB with a line per run).
  const perRow = (rows50 - rows25) / 25;
  expect(perRow, `${Math.round(perRow)} bytes a row`).toBeLessThan(4 * 1024);
  expect(rows50, `${rows50} bytes`).toBeLessThan(250 * 1024);
});
