import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import { E2E } from "./e2e-env";
import { logIn as login } from "./log-in";

test.describe.configure({ mode: "serial" });

const ADMIN = { authorization: `Bearer ${E2E.adminToken}` };

/** The vertical middle of an element on the page. */
async function middleOf(locator: Locator): Promise<{ y: number; left: number; right: number }> {
  const box = (await locator.boundingBox())!;
  return { y: box.y + box.height / 2, left: box.x, right: box.x + box.width };
}

test("a proxy form's errors name the actual problem, sit by their field and go away once fixed or after a successful test", async ({ page }) => {
  await login(page, "/proxies");
  await page.getByRole("button", { name: "Add" }).click();
  const form = page.locator("form.stack");
  await form.getByLabel("Route spec").fill("ftp://nope:1");
  await form.getByRole("button", { name: "Add" }).click();
  const nameError = page.locator("#proxy-new-name-error");
  const urlError = page.locator("#proxy-new-url-error");
  await expect(nameError).toHaveText("Name is required");
  await expect(urlError).toContainText('Invalid proxy "ftp://nope:1"');

  // Editing a field takes its own message away, and only its own.
  await form.getByLabel("Name").fill("forms-e2e");
  await expect(nameError).toHaveCount(0);
  await expect(urlError).toBeVisible();
  await form.getByLabel("Route spec").fill("direct");
  await expect(urlError).toHaveCount(0);

  // A message from a failed save is gone after a successful test before saving.
  await form.getByLabel("Name").fill("a/b");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(nameError).toContainText("Name cannot contain '/'");
  await form.getByRole("button", { name: "Test before saving" }).click();
  await expect(page.getByTestId("test-result")).toBeVisible();
  await expect(nameError).toHaveCount(0);
  await expect(form.locator(".field-error")).toHaveCount(0);
});

test("checkboxes sit beside their labels, and the label toggles them", async ({ page }) => {
  for (const path of ["/proxies", "/targets"]) {
    await login(page, path);
    await page.getByRole("button", { name: "Add" }).click();
    const checkbox = page.getByRole("checkbox", { name: "Show its host on the public status page" });
    const text = page.locator("label.checkbox-field span", { hasText: "Show its host on the public status page" });
    const box = await middleOf(checkbox);
    const label = await middleOf(text);
    expect(Math.abs(box.y - label.y), `${path}: checkbox and label on one line`).toBeLessThan(6);
    expect(box.right, `${path}: checkbox left of its label`).toBeLessThanOrEqual(label.left);
    await expect(checkbox).not.toBeChecked();
    await text.click();
    await expect(checkbox).toBeChecked();
  }
});

async function routeIdOf(request: APIRequestContext, target: string): Promise<number> {
  const { routes } = await (await request.get("/api/routes", { headers: ADMIN })).json();
  return routes.find((route: { targetName: string; proxyName: string }) => route.targetName === target && route.proxyName === "direct").id;
}

test("recent failures fold identical consecutive ones, follow the range and list each on request", async ({ page, request }) => {
  const created = await request.post("/api/targets", { headers: ADMIN, data: { name: "refused", baseUrl: "http://127.0.0.1:2/v1", apiKey: "sk-e2e-refused", probe: "models" } });
  expect(created.status()).toBe(201);
  const routeId = await routeIdOf(request, "refused");
  for (let i = 0; i < 3; i++) {
    // The probe-now cooldown (3 s in the e2e config) answers 429 until it has passed.
    await expect(async () => {
      const probed = await request.post("/api/probes", { headers: ADMIN, data: { routeId } });
      expect(probed.status()).toBe(200);
    }).toPass({ timeout: 15_000, intervals: [500] });
  }

  await login(page, `/routes/${routeId}`);
  const table = page.getByTestId("failures-table");
  await expect(table.getByTestId("failure-group")).toHaveCount(1);
  // Nothing listens on port 2: three identical failures, one row.
  await expect(table.getByTestId("failure-group")).toHaveAttribute("data-count", "3");
  await expect(table.getByTestId("failure-group")).toContainText("Connection refused × 3");
  await table.getByText("Show these 3").click();
  await expect(table.locator("details li")).toHaveCount(3);

  for (const range of ["1h", "7d"]) {
    await page.getByRole("link", { name: range, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`range=${range}`));
    await expect(page.getByTestId("failures-table").getByTestId("failure-group")).toContainText("× 3");
  }
  await expect(page.getByTestId("failures-pruned")).toHaveCount(0);
  await page.getByRole("link", { name: "30d", exact: true }).click();
  await expect(page.getByTestId("failures-pruned")).toContainText("Older results were pruned after 7 days");

  await page.getByRole("link", { name: "Each failure" }).click();
  await expect(page).toHaveURL(/view=each/);
  await expect(page.getByTestId("failures-table").getByTestId("failure-row")).toHaveCount(3);
});
