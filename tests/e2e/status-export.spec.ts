import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { logIn as login } from "./log-in";

// Issue 10, items 5, 17 and 18 in the browser: maintenance form errors and a
// recurring window, status page options, the CSV download and the SLA table.
test.describe.configure({ mode: "serial" });

test("the maintenance form names each missing field, then adds a weekly window in a time zone", async ({ page }) => {
  await login(page, "/alerts");
  const form = page.getByTestId("maintenance-form");
  await form.locator("#window-routes").fill("direct/*");
  await form.getByRole("button", { name: "Add a window" }).click();
  await expect(form.locator("#window-from-error")).toHaveText("Start is required");
  await expect(form.locator("#window-to-error")).toHaveText("End is required");
  await expect(form).not.toContainText("ISO 8601");
  await form.locator("#window-from").fill("2030-01-02T03:00");
  await form.locator("#window-to").fill("2030-01-02T02:00");
  await form.getByRole("button", { name: "Add a window" }).click();
  await expect(form.locator("#window-to-error")).toHaveText("End must be after start");

  await form.locator("#window-mode").selectOption("weekly");
  await form.getByTestId("window-day-sun").check();
  await form.locator("#window-start").fill("02:00");
  await form.locator("#window-end").fill("03:00");
  await form.locator("#window-zone").fill("Asia/Shanghai");
  await form.locator("#window-note").fill("Sunday upgrade");
  await form.getByRole("button", { name: "Add a window" }).click();
  const row = page.getByTestId("maintenance-windows").locator("tr", { hasText: "Sunday upgrade" });
  await expect(row).toContainText("Every week: Sun 02:00–03:00 (Asia/Shanghai)");
  // Its next occurrence: Sunday 02:00 in Shanghai is Saturday 18:00 UTC.
  await expect(row.getByTestId("maintenance-when")).toContainText(/18:00 → \d{4}-\d\d-\d\d 19:00 UTC/);
  // The overview names it too: a weekly window always has an occurrence within the week.
  await page.goto("/");
  await expect(page.getByTestId("maintenance-notice")).toContainText("direct/*");
  await expect(page.getByTestId("maintenance-notice")).toContainText(/18:00 UTC → \d{4}-\d\d-\d\d 19:00 UTC \(Sunday upgrade\)/);
});

test("status page options set in the dashboard show on /status, with the feed linked", async ({ page, request }) => {
  await login(page, "/alerts");
  const form = page.getByTestId("status-page-options");
  await form.locator("#status-title").fill("Acme <AI> status");
  await form.locator("#status-description").fill("Our routes to the OpenAI API.");
  await form.locator("#status-homeUrl").fill("https://acme.example.test/");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");
  await form.locator("#status-logoUrl").fill("javascript:alert(1)");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.locator("#status-logoUrl-error")).toContainText("logoUrl must be an https:// URL");

  // The page is re-rendered at most every 5 s.
  await expect(async () => {
    await page.goto("/status");
    await expect(page.getByTestId("status-title")).toHaveText("Acme <AI> status", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page).toHaveTitle("Acme <AI> status");
  await expect(page.getByTestId("status-description")).toHaveText("Our routes to the OpenAI API.");
  await expect(page.getByTestId("status-home")).toHaveAttribute("href", "https://acme.example.test/");
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", "/status/feed.xml");
  const feed = await request.get("/status/feed.xml");
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
  const xml = await feed.text();
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
  expect(xml).toContain("<title>Acme &lt;AI&gt; status</title>");
  expect(xml).not.toContain(E2E.fileApiKey);
});

test("the route page downloads its results as CSV and shows uptime per month", async ({ page }) => {
  await login(page, "/routes/1");
  const link = page.getByTestId("export-csv");
  await expect(link).toHaveAttribute("href", "/api/routes/1/export.csv?range=24h");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^proxypulse-filed-via-direct-\d{8}-\d{4}-\d{8}-\d{4}\.csv$/);
  const text = readFileSync((await download.path())!, "utf8");
  expect(text.split("\r\n")[0]).toBe("time,ok,kind,layer,httpStatus,apiErrorCode,totalMs,dnsMs,connectMs,tunnelMs,tlsMs,ttfbMs,requestId,message");
  expect(text).not.toContain(E2E.fileApiKey);

  const sla = page.getByTestId("sla-table");
  await expect(sla).toBeVisible();
  await expect(sla.getByTestId("sla-month")).toHaveCount(12);
  const thisMonth = new Date().toISOString().slice(0, 7);
  await expect(sla.getByTestId("sla-month").first()).toContainText(thisMonth);
});
