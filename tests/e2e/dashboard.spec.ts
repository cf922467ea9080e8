import { expect, test, type Page } from "@playwright/test";
import { E2E, e2eFixtures } from "./e2e-env";

test.describe.configure({ mode: "serial" });

async function login(page: Page, next = "/") {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Admin token").fill(E2E.adminToken);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(new RegExp(`${next === "/" ? "/$" : next}`));
  await ready(page);
}

/** Client components answer clicks only once hydrated: wait for the page to settle. */
async function ready(page: Page) {
  await page.waitForLoadState("networkidle");
}

test("an unauthenticated visitor cannot reach the dashboard or call a mutation", async ({ page, request, baseURL }) => {
  for (const path of ["/", "/proxies", "/targets", "/routes/1"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login\?next=/);
  }
  const mutation = await request.post("/api/proxies", { data: { name: "sneaky", url: "direct" } });
  expect(mutation.status()).toBe(401);
  const probe = await request.post("/api/probes", { data: {} });
  expect(probe.status()).toBe(401);
  const forged = await request.post("/api/proxies", { data: { name: "sneaky", url: "direct" }, headers: { cookie: "pp_session=v1.9999999999999.forged", origin: baseURL! } });
  expect(forged.status()).toBe(401);
});

test("a wrong token is refused with a message next to the field; the right one opens the dashboard", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Admin token").fill("not-the-admin-token");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.locator("#token-error")).toHaveText("That is not the admin token.");
  await page.getByLabel("Admin token").fill(E2E.adminToken);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Routes" })).toBeVisible();
  // The file's target and proxy are there, read-only in the UI.
  await expect(page.getByTestId("route-filed-direct")).toBeVisible();
});

test("add a proxy and a target through the UI, testing before saving", async ({ page }) => {
  const fixtures = e2eFixtures();
  await login(page, "/proxies");
  await expect(page.getByTestId("proxy-direct")).toContainText("From proxypulse.yaml");
  await page.getByRole("button", { name: "Add" }).click();
  await page.getByLabel("Name").fill("office");
  await page.getByLabel("Route spec").fill("ftp://nope:1");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.locator(".field-error")).toContainText('Invalid proxy "ftp://nope:1"');
  await page.getByLabel("Route spec").fill(`http://e2e:${E2E.proxyPassword}@127.0.0.1:${fixtures.httpProxyPort}`);
  await page.getByRole("button", { name: "Test before saving" }).click();
  await expect(page.getByTestId("test-result")).toContainText("OK");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("proxy-office")).toContainText(`http://e2e:****@127.0.0.1:${fixtures.httpProxyPort}`);
  await expect(page.getByTestId("proxy-office")).toContainText("password set");

  await page.goto("/targets");
  await ready(page);
  await page.getByRole("button", { name: "Add" }).click();
  await page.getByLabel("Name").fill("main");
  await page.getByLabel("Base URL").fill(fixtures.okBaseUrl);
  await page.getByLabel("API key").fill(E2E.uiApiKey);
  await page.getByRole("button", { name: "Test before saving" }).click();
  await expect(page.getByTestId("test-result")).toContainText("OK");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("target-main")).toContainText("sk-…7777");

  await page.goto("/targets");
  await ready(page);
  await page.getByRole("button", { name: "Add" }).click();
  await page.getByLabel("Name").fill("broke");
  await page.getByLabel("Base URL").fill(fixtures.quotaBaseUrl);
  await page.getByLabel("API key").fill(E2E.brokeApiKey);
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("target-broke")).toBeVisible();
});

test("probe now shows the right kind, timings and hint inline, and the state updates", async ({ page }) => {
  await login(page);
  const row = page.getByTestId("route-main-office");
  await expect(row).toContainText("No data yet");
  await row.getByRole("button", { name: "Probe now" }).click();
  await expect(row.getByTestId("probe-result")).toContainText("OK");
  await expect(row.getByTestId("probe-result")).toContainText(/tunnel \d+ ms/);
  await expect(row.locator(".state")).toHaveText("Up");
  // Pressed again at once: refused with a clear message (probes cost quota).
  await row.getByRole("button", { name: "Probe now" }).click();
  await expect(row.getByRole("alert")).toContainText("probed moments ago");
});

test("a failing route (quota exhausted) shows as such on the overview and in the detail chart", async ({ page }) => {
  await login(page);
  const row = page.getByTestId("route-broke-direct");
  await row.getByRole("button", { name: "Probe now" }).click();
  const result = row.getByTestId("probe-result");
  await expect(result).toContainText("Quota exhausted");
  await expect(result).toContainText("quota_exhausted");
  await expect(result).toContainText("billing, not speed");
  await expect(row).toContainText("Quota exhausted");
  await expect(page.getByTestId("quota-broke")).toContainText("Quota exhausted");
  await expect(page.getByTestId("quota-broke").getByRole("alert")).toBeVisible();

  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("broke");
  await expect(page.getByTestId("failures-chart")).toHaveAttribute("data-kinds", "quota_exhausted");
  await expect(page.getByTestId("failures-chart")).toContainText("Quota exhausted");
  await expect(page.getByTestId("failures-table")).toContainText("429");
  await expect(page.getByTestId("failures-table")).toContainText("waiting will not fix it");
  for (const range of ["1h", "7d", "30d"]) {
    await page.getByRole("link", { name: range, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`range=${range}`));
    await expect(page.getByTestId("failures-chart")).toHaveAttribute("data-kinds", "quota_exhausted");
  }
});

test("the status page shows the routes and contains none of the secrets", async ({ page, request }) => {
  const fixtures = e2eFixtures();
  await page.goto("/status");
  await expect(page.getByTestId("overall")).toBeVisible();
  await expect(page.getByTestId("status-route")).toHaveCount(6);
  await expect(page.getByTestId("status-route").getByText("broke via direct")).toBeVisible();
  const html = await (await request.get("/status")).text();
  const apiHost = new URL(fixtures.apiOrigin).host;
  for (const secret of [E2E.adminToken, E2E.fileApiKey, E2E.uiApiKey, "sk-e2e-broke-key", E2E.proxyPassword, apiHost, `127.0.0.1:${fixtures.httpProxyPort}`, "sk-…"]) {
    expect(html).not.toContain(secret);
  }
  // office's routes are in a maintenance window.
  await expect(page.getByTestId("maintenance").first()).toHaveText("Maintenance");
  await expect(page.getByText("Node migration").first()).toBeVisible();
  const badge = await request.get("/api/badge/1");
  expect(badge.headers()["content-type"]).toContain("image/svg+xml");
});

test("the status page works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/status");
  await expect(page.getByTestId("status-route").first()).toBeVisible();
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute("content", "60");
  await context.close();
});

test("the status page says since when a down route is down, shows no latency for it, and loads without a failed request", async ({ page, request }) => {
  const failed: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on("requestfailed", (failure) => failed.push(`failed ${failure.url()}`));
  await page.goto("/status");
  const broke = page.getByTestId("status-route").filter({ hasText: "broke via direct" });
  await expect(broke.getByTestId("down-since")).toHaveText(/^Down since \d\d:\d\d UTC \(\d+ (s|min)\)$/);
  await expect(broke).not.toContainText("Now:");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", "/icon.svg");
  for (const path of ["/icon.svg", "/favicon.ico"]) {
    const icon = await request.get(path);
    expect(icon.status(), path).toBe(200);
    expect(icon.headers()["content-type"], path).toContain("image/svg+xml");
  }
  await page.waitForLoadState("networkidle");
  expect(failed).toEqual([]);
});

test("the overview filters by state, target, proxy and text, and the URL reproduces the view", async ({ page }) => {
  // A shared link survives the login page.
  await page.goto("/?state=down");
  await expect(page).toHaveURL(/\/login\?next=%2F%3Fstate%3Ddown$/);
  await page.getByLabel("Admin token").fill(E2E.adminToken);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/\?state=down$/);
  const rows = page.locator("tbody tr");
  await expect(page.getByTestId("route-broke-direct")).toBeVisible();
  await expect(page.getByTestId("route-main-office")).toHaveCount(0);
  for (const state of await rows.locator(".state").allTextContents()) expect(state).toBe("Down");
  await expect(page.getByRole("combobox", { name: "State" })).toHaveValue("down");

  await page.goto("/");
  await expect(rows).toHaveCount(6);
  await page.getByRole("searchbox", { name: "Search" }).fill("office");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=office(&|$)/);
  await expect(rows).toHaveCount(3);
  for (const id of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-testid")))) expect(id).toMatch(/-office$/);
  await expect(page.getByTestId("filter-count")).toHaveText("3 of 6 routes");

  await page.getByRole("combobox", { name: "Target" }).selectOption("main");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page).toHaveURL(/target=main/);
  await expect(page).toHaveURL(/q=office/);
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("route-main-office")).toBeVisible();

  await page.getByRole("searchbox", { name: "Search" }).fill("no-such-route");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page.getByTestId("no-match")).toContainText("No route matches these filters.");
  await page.getByTestId("no-match").getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(rows).toHaveCount(6);
});

test("switching to Chinese translates the page, labels, kind names and hints", async ({ page }) => {
  await login(page);
  await page.getByTestId("language-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { name: "线路" })).toBeVisible();
  await expect(page.getByRole("button", { name: "立即探测全部" })).toBeVisible();
  await expect(page.getByTestId("route-broke-direct")).toContainText("额度已用尽");
  await expect(page.getByTestId("route-broke-direct")).toContainText("等待无法恢复");
  await page.goto("/status");
  await expect(page.getByRole("heading", { name: "故障记录" })).toBeVisible();
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("a browser asking for Chinese gets Chinese first", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN", extraHTTPHeaders: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.5" } });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
  await context.close();
});

test("the dark theme can be chosen and sticks", async ({ page }) => {
  await login(page);
  await page.getByRole("link", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.goto("/status");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});

test("add a webhook channel, send a test, and see it in the delivery log", async ({ page }) => {
  const fixtures = e2eFixtures();
  await login(page, "/alerts");
  // With no channel yet, the form is already open.
  await expect(page.getByText("No channels yet")).toBeVisible();
  await page.getByLabel("Name").fill("ops-hook");
  await page.getByLabel("Webhook URL").fill("not a url");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.locator(".field-error").first()).toContainText("must be an http(s) URL");
  await page.getByLabel("Webhook URL").fill(fixtures.receiverUrl);
  await page.getByLabel("Signing secret (optional)").fill("e2e-hook-secret");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const row = page.getByTestId("channel-ops-hook");
  await expect(row).toContainText("signed");
  await row.getByRole("button", { name: "Send test" }).click();
  await expect(row.getByTestId("test-delivery")).toHaveText("sent");
  await expect(page.getByTestId("delivery-log")).toContainText("ops-hook");
  const html = await page.content();
  expect(html).not.toContain("e2e-hook-secret");
});

test("pages carry the hardening headers, and the dashboard runs under its policy", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  await login(page);
  await page.goto("/routes/1");
  await ready(page);
  await page.goto("/alerts");
  await ready(page);
  expect(violations).toEqual([]);
  for (const path of ["/", "/login", "/api/status", "/status"]) {
    const headers = (await request.get(path, { maxRedirects: 0 })).headers();
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("same-origin");
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
  // The status page's own policy: no script at all.
  expect((await request.get("/status")).headers()["content-security-policy"]).toContain("default-src 'none'");
});

test("logging out ends the session: the old cookie no longer opens anything", async ({ page, request, baseURL }) => {
  await login(page);
  const cookie = (await page.context().cookies()).find((c) => c.name === "pp_session")!;
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  const replay = await request.get("/api/proxies", { headers: { cookie: `pp_session=${cookie.value}`, origin: baseURL! } });
  expect(replay.status()).toBe(401);
});
