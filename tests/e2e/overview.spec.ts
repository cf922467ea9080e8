import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E, e2eFixtures } from "./e2e-env";

test.describe.configure({ mode: "serial" });

const ADMIN = { authorization: `Bearer ${E2E.adminToken}` };
const created: { targets: number[]; proxies: number[] } = { targets: [], proxies: [] };

async function routeTotals(request: APIRequestContext, query = ""): Promise<{ total: number; names: string[] }> {
  const response = await request.get(`/api/routes${query}`, { headers: ADMIN });
  expect(response.status(), await response.text()).toBe(200);
  const json = (await response.json()) as { total: number; routes: Array<{ targetName: string; proxyName: string }> };
  return { total: json.total, names: json.routes.map((route) => `${route.targetName}-${route.proxyName}`) };
}

/** A session through the API (the login form has its own tests), then the page. */
async function login(page: Page, next: string) {
  const session = await page.request.post("/api/session", { data: { token: E2E.adminToken } });
  expect(session.status()).toBe(204);
  await page.goto(next);
  await page.waitForLoadState("networkidle");
}

const rows = (page: Page) => page.locator('[data-testid="route-table"] tbody tr');

// Enough routes for three pages of 25: a target of ours (one route per proxy),
// then proxies of ours (one route per target each) until there are more than 50.
test.beforeAll(async ({ request }) => {
  const fixtures = e2eFixtures();
  const target = await request.post("/api/targets", { headers: ADMIN, data: { name: "zzpager", baseUrl: fixtures.okBaseUrl, apiKey: E2E.uiApiKey, probe: "models", intervalSeconds: 86_400 } });
  expect(target.status(), await target.text()).toBe(201);
  created.targets.push(((await target.json()) as { target: { id: number } }).target.id);
  for (let i = 0; (await routeTotals(request)).total <= 50; i++) {
    expect(i, "proxies needed to reach 51 routes").toBeLessThan(40);
    const proxy = await request.post("/api/proxies", { headers: ADMIN, data: { name: `zzp${String(i).padStart(2, "0")}`, url: "direct" } });
    expect(proxy.status(), await proxy.text()).toBe(201);
    created.proxies.push(((await proxy.json()) as { proxy: { id: number } }).proxy.id);
  }
});

test.afterAll(async ({ request }) => {
  for (const id of created.proxies) await request.delete(`/api/proxies/${id}`, { headers: ADMIN });
  for (const id of created.targets) await request.delete(`/api/targets/${id}`, { headers: ADMIN });
});

test("the route table comes in pages whose links keep the filters, with the range and total", async ({ page, request }) => {
  const { total, names } = await routeTotals(request);
  const pages = Math.ceil(total / 25);
  await login(page, "/?per=25");
  await expect(rows(page)).toHaveCount(25);
  await expect(page.getByTestId("page-range")).toHaveText(`1–25 of ${total} routes`);
  // The table is in name order, as the API lists it.
  expect(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")))).toEqual(names.slice(0, 25).map((name) => `route-${name}`));

  await page.getByTestId("page-next").click();
  await expect(page).toHaveURL(/\/\?per=25&page=2$/);
  await expect(page.getByTestId("page-range")).toHaveText(`26–50 of ${total} routes`);
  expect(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")))).toEqual(names.slice(25, 50).map((name) => `route-${name}`));
  await expect(page.getByRole("navigation", { name: "Pages" }).locator('[aria-current="page"]')).toHaveText("2");

  await page.getByRole("link", { name: `Page ${pages}` }).click();
  await expect(page.getByTestId("page-range")).toHaveText(`${(pages - 1) * 25 + 1}–${total} of ${total} routes`);
  await expect(rows(page)).toHaveCount(total - (pages - 1) * 25);
  await expect(page.getByTestId("page-next")).toHaveCount(0);
  await page.getByTestId("page-prev").click();
  await expect(page).toHaveURL(new RegExp(`page=${pages - 1}$`));

  // Bad paging parameters never fail the page: clamped to what exists.
  for (const [query, range] of <Array<[string, string]>>[
    ["?per=25&page=-1", `1–25 of ${total} routes`],
    ["?per=25&page=abc", `1–25 of ${total} routes`],
    ["?per=25&page=99999999999999", `${(pages - 1) * 25 + 1}–${total} of ${total} routes`],
    ["?per=13", `1–${Math.min(total, 50)} of ${total} routes`],
  ]) {
    const response = await page.goto(`/${query}`);
    expect(response?.status(), query).toBe(200);
    await expect(page.getByTestId("page-range"), query).toHaveText(range);
  }
});

test("filter and search narrow the table, a filter change starts at page 1, the state counts stay over all routes", async ({ page, request }) => {
  const { total } = await routeTotals(request);
  const ours = await routeTotals(request, "?q=zzpager");
  await login(page, "/?per=25&page=2");
  const counts = page.getByTestId("overview-counts");
  await expect(counts.getByTestId("count-all")).toHaveText(`${total} routes`);

  await page.getByRole("searchbox", { name: "Search" }).fill("zzpager");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/\/\?q=zzpager&per=25$/);
  await expect(rows(page)).toHaveCount(Math.min(25, ours.total));
  for (const id of await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")))) expect(id).toMatch(/^route-zzpager-/);
  await expect(page.getByTestId("filter-count")).toHaveText(`${ours.total} of ${total} routes`);
  // Counts are of every route, not of the matches.
  await expect(counts.getByTestId("count-all")).toHaveText(`${total} routes`);
  for (const state of ["up", "degraded", "down", "unknown", "paused"] as const) {
    const { total: inState } = await routeTotals(request, `?state=${state}&limit=1`);
    await expect(counts.getByTestId(`count-${state}`)).toContainText(String(inState));
  }

  // A proxy filter (a drop-down while there are few proxies) and the search together.
  await page.getByRole("combobox", { name: "Proxy" }).selectOption("zzp01");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/proxy=zzp01/);
  await expect(rows(page)).toHaveCount(1);
  await expect(page.getByTestId("route-zzpager-zzp01")).toBeVisible();

  // A state count is a link to the routes in that state, all filters cleared.
  const down = await routeTotals(request, "?state=down");
  await counts.getByTestId("count-down").click();
  await expect(page).toHaveURL(/\/\?state=down&per=25$/);
  if (down.total > 0) {
    for (const state of await rows(page).locator(".state").allTextContents()) expect(state).toBe("Down");
  } else {
    await expect(page.getByTestId("no-match")).toBeVisible();
  }

  // Worst first: no route after an up one is down.
  await page.goto("/?sort=worst&per=100");
  const states = await rows(page).locator(".state").allTextContents();
  expect(states.slice(states.indexOf("Up")).filter((state) => state === "Down" || state === "Degraded")).toEqual([]);
  await expect(page.getByRole("combobox", { name: "Order" })).toHaveValue("worst");
});

test("no match says so and clears the filters; the form's clear link too", async ({ page, request }) => {
  const { total } = await routeTotals(request);
  await login(page, "/?q=no-such-route-anywhere&state=up");
  await expect(page.getByTestId("no-match")).toContainText("No route matches these filters.");
  await expect(page.getByTestId("pager")).toHaveCount(0);
  await page.getByTestId("no-match").getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(rows(page)).toHaveCount(Math.min(total, 50));

  await page.goto("/?target=zzpager");
  await page.getByTestId("clear-filters").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("filter-count")).toHaveCount(0);
});

for (const [lang, width] of [["en", 1280], ["zh", 1280], ["en", 390], ["zh", 390]] as const) {
  test(`at ${width} px in ${lang}, the counts and the pager fit and no link in them wraps`, async ({ page, baseURL }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.context().addCookies([{ name: "pp_lang", value: lang, url: baseURL! }]);
    await login(page, "/?per=25&page=2");
    await expect(page.getByTestId("pager")).toBeVisible();
    const layout = await page.evaluate(() =>
      ['[data-testid="overview-counts"]', '[data-testid="pager"]'].map((selector) => {
        const box = document.querySelector(selector)!;
        const items = [...box.querySelectorAll("a, span, [role=status]")];
        return {
          selector,
          overflows: box.scrollWidth > box.clientWidth || box.getBoundingClientRect().right > window.innerWidth,
          wrapped: items.filter((item) => new Set([...item.getClientRects()].map((rect) => Math.round(rect.top))).size > 1).map((item) => item.textContent),
          lines: new Set(items.filter((item) => item.closest("nav, [data-testid=overview-counts]") === box || item.parentElement === box).map((item) => Math.round(item.getBoundingClientRect().top))).size,
        };
      }),
    );
    for (const box of layout) {
      expect(box.overflows, box.selector).toBe(false);
      expect(box.wrapped, box.selector).toEqual([]);
    }
    // At 1280 px the counts are one line.
    if (width === 1280) expect(layout[0]!.lines).toBe(1);
  });
}
