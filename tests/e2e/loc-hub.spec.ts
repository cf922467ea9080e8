import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { logIn } from "./log-in";

const TOKEN = /^ppa_[A-Za-z0-9_-]{43}$/;
const headers = { authorization: `Bearer ${E2E.adminToken}` };

test("the Locations page adds a location with its token shown once, makes a new token, revokes it, and renames the hub", async ({ page }) => {
  await logIn(page, "/locations");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Locations" })).toHaveAttribute("aria-current", "page");
  const hub = page.getByTestId("location-local");
  await expect(hub).toContainText("this hub");
  await expect(hub.getByTestId("location-status")).toHaveText("online");

  // A bad name is refused beside its field, and nothing is added.
  await page.getByRole("button", { name: "Add a location" }).click();
  const form = page.locator("form.stack");
  await form.locator('input[name="name"]').fill("hong kong");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.locator(".field-error")).toContainText("A location name holds only letters");
  await expect(page.getByTestId("location-hong kong")).toHaveCount(0);

  await form.locator('input[name="name"]').fill("e2e-tokyo");
  await form.locator('input[name="region"]').fill("Tokyo");
  await form.getByRole("button", { name: "Add" }).click();

  const panel = page.getByTestId("location-token");
  await expect(panel).toContainText("Token for e2e-tokyo");
  const first = (await panel.getByTestId("location-token-value").textContent())!;
  expect(first).toMatch(TOKEN);
  await expect(panel.getByTestId("location-token-command")).toHaveText(`PROXYPULSE_AGENT_TOKEN=${first} node bin/proxypulse.js agent --hub http://127.0.0.1:${E2E.port}`);

  const row = page.getByTestId("location-e2e-tokyo");
  await expect(row).toContainText("Tokyo");
  await expect(row.getByTestId("location-status")).toHaveText("never seen");
  await expect(row.getByTestId("location-routes")).not.toHaveText("0");

  // Shown once: not in the list the API gives, not on the page once dismissed or reloaded.
  const listed = await (await page.request.get("/api/locations", { headers })).text();
  expect(listed).toContain("e2e-tokyo");
  expect(listed).not.toContain(first);
  await panel.getByRole("button", { name: "Done" }).click();
  await expect(panel).toHaveCount(0);
  await page.reload();
  expect(await page.content()).not.toContain(first);

  // A new token replaces the old one (after a confirmation).
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "New token" }).click();
  const second = (await page.getByTestId("location-token").getByTestId("location-token-value").textContent())!;
  expect(second).toMatch(TOKEN);
  expect(second).not.toBe(first);
  await page.getByTestId("location-token").getByRole("button", { name: "Done" }).click();

  // Revoke (confirmed): listed as revoked, no routes, no revoke button any more.
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row.getByTestId("location-status")).toHaveText("revoked");
  await expect(row.getByTestId("location-routes")).toHaveText("0");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  // The hub's own location is renamed here (the file does not name it), then back.
  await hub.getByRole("button", { name: "Rename" }).click();
  const rename = page.locator("form.stack");
  await rename.locator('input[name="name"]').fill("e2e-hub");
  await rename.getByRole("button", { name: "Save" }).click();
  const renamed = page.getByTestId("location-e2e-hub");
  await expect(renamed).toContainText("this hub");
  await renamed.getByRole("button", { name: "Rename" }).click();
  await page.locator("form.stack").locator('input[name="name"]').fill("local");
  await page.locator("form.stack").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("location-local")).toBeVisible();
});

test("a proxy's form chooses the locations its routes are probed from", async ({ page }) => {
  const created = (await (await page.request.post("/api/locations", { headers, data: { name: "e2e-osaka" } })).json()) as { id: number };
  await logIn(page, "/proxies");
  await page.getByRole("button", { name: "Add" }).click();
  const form = page.locator("form.stack");
  await form.locator('input[name="name"]').fill("e2e-placed");
  await form.locator('input[name="url"]').fill("direct");
  const picker = form.getByTestId("proxy-new-locations");
  await expect(picker.getByLabel("Every location (also ones added later)")).toBeChecked();
  await picker.getByLabel("Every location (also ones added later)").uncheck();
  await picker.getByLabel("local", { exact: true }).uncheck();
  await form.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("proxy-e2e-placed")).toBeVisible();

  const proxies = (await (await page.request.get("/api/proxies", { headers })).json()) as { proxies: Array<{ id: number; name: string; locations: string[] | null }> };
  const proxy = proxies.proxies.find((item) => item.name === "e2e-placed")!;
  expect(proxy.locations).toEqual(["e2e-osaka"]);
  const osaka = (await (await page.request.get(`/api/locations/${created.id}`, { headers })).json()) as { location: { routes: number } };
  expect(osaka.location.routes).toBeGreaterThan(0);

  // Leave the server as found for the specs after this one.
  expect((await page.request.delete(`/api/proxies/${proxy.id}`, { headers })).status()).toBe(200);
  expect((await page.request.delete(`/api/locations/${created.id}`, { headers })).status()).toBe(200);
});
