import { expect, test, type Page } from "@playwright/test";
import { E2E } from "./e2e-env";
import { logIn as login } from "./log-in";

// Pause and resume, the latency threshold on the chart, and health at a
// glance, on the file's route "filed via direct". Leaves everything resumed
// and the threshold cleared, whatever ran before or after.
test.describe.configure({ mode: "serial" });

async function openFiledRoute(page: Page): Promise<string> {
  await login(page, "/");
  const href = await page.getByTestId("route-filed-direct").getByRole("link", { name: /filed/ }).getAttribute("href");
  await page.goto(href!);
  await page.waitForLoadState("networkidle");
  return href!;
}

test("pause and resume a route from its page: the badge says Paused, the overview too, probe now still works", async ({ page }) => {
  const href = await openFiledRoute(page);
  const controls = page.getByTestId("route-controls");
  await controls.getByTestId("pause-route").click();
  await expect(page.locator("h1 ~ .state-paused")).toHaveText("Paused");
  await expect(controls.getByTestId("paused-by")).toHaveText("Paused on this route.");
  await expect(controls).toContainText("Probe now still works");
  await expect(controls.getByTestId("pause-route")).toHaveText("Resume");

  // Probe now on a paused route: stored, the state stays Paused.
  await page.getByTestId(`probe-${href.split("/").pop()}`).getByRole("button", { name: "Probe now" }).click();
  await expect(page.getByTestId("probe-result")).toContainText("OK");
  await expect(page.locator("h1 ~ .state-paused")).toHaveText("Paused");

  await page.goto("/");
  await expect(page.getByTestId("route-filed-direct").locator(".state")).toHaveText("Paused");
  await page.goto(href);
  await page.waitForLoadState("networkidle");
  await page.getByTestId("route-controls").getByTestId("pause-route").click();
  await expect(page.getByTestId("route-controls").getByTestId("pause-route")).toHaveText("Pause");
  await expect(page.getByTestId("paused-by")).toHaveCount(0);
  await expect(page.locator("h1 ~ .state")).not.toHaveText("Paused");
});

test("a route's latency threshold is drawn on its latency chart", async ({ page }) => {
  const href = await openFiledRoute(page);
  await page.getByTestId(`probe-${href.split("/").pop()}`).getByRole("button", { name: "Probe now" }).click();
  await expect(page.getByTestId("probe-result")).toContainText("OK");
  await page.getByText("Schedule and latency threshold").click();
  await page.getByLabel("Latency threshold (p95, ms)").fill("abc");
  await page.getByTestId("route-controls").getByRole("button", { name: "Save", exact: true }).click();
  // The API's 400 lands under the field it names.
  await expect(page.getByTestId("route-controls").locator("label", { hasText: "Latency threshold" }).locator(".field-error")).toContainText("Latency threshold must be a number of ms");
  await page.getByLabel("Latency threshold (p95, ms)").fill("750");
  await page.getByTestId("route-controls").getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("route-controls")).toContainText("Saved.");
  // A horizontal SVG line has no height, so it is checked as drawn (present, across the plot) and its label as visible.
  const line = page.locator(".recharts-reference-line-line");
  await expect(line).toHaveCount(1);
  expect(Number(await line.getAttribute("x2")) - Number(await line.getAttribute("x1"))).toBeGreaterThan(100);
  await expect(page.locator("svg text").filter({ hasText: "threshold 750 ms" })).toBeVisible();

  await page.getByLabel("Latency threshold (p95, ms)").fill("");
  await page.getByTestId("route-controls").getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator(".recharts-reference-line-line")).toHaveCount(0);
});

test("proxy and target health at a glance, and pausing a proxy pauses its routes", async ({ page }) => {
  await login(page, "/proxies");
  const row = page.getByTestId("proxy-health-direct");
  await expect(row.getByTestId("state-counts")).toContainText(/\d+ (up|degraded|down|no data)/);
  await row.getByTestId("pause-proxy-direct").click();
  await expect(row.getByTestId("paused-badge")).toHaveText("Paused");
  await expect(row.getByTestId("state-counts")).toContainText(/\d+ paused/);

  await page.goto("/");
  await expect(page.getByTestId("route-filed-direct").locator(".state")).toHaveText("Paused");
  await page.goto(await page.getByTestId("route-filed-direct").getByRole("link", { name: /filed/ }).getAttribute("href").then((h) => h!));
  await expect(page.getByTestId("paused-by")).toContainText("Paused with its proxy direct");

  await page.goto("/proxies");
  await page.waitForLoadState("networkidle");
  await page.getByTestId("proxy-health-direct").getByTestId("pause-proxy-direct").click();
  await expect(page.getByTestId("proxy-health-direct").getByTestId("paused-badge")).toHaveCount(0);

  await page.goto("/targets");
  const target = page.getByTestId("target-health-filed");
  await expect(target.getByTestId("state-counts")).toBeVisible();
  await expect(target.getByTestId("last-failure")).toBeVisible();
  // The file's target: its threshold is the file's (read-only here), its pause switch works.
  await expect(target.getByTestId("threshold-filed")).toContainText("Latency threshold (p95, ms): none");
  await expect(target.getByTestId("pause-target-filed")).toHaveText("Pause");
});
