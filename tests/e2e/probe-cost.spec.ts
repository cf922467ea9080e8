import { expect, test } from "@playwright/test";
import { E2E, e2eFixtures } from "./e2e-env";
import { logIn as login } from "./log-in";

test("the target form sets paidProbeEvery and manualOnly; the targets page and the overview show them, with the tokens spent", async ({ page }) => {
  await login(page, "/targets");
  await page.getByRole("button", { name: "Add" }).click();
  const form = page.locator("form.stack");
  await form.getByLabel("Name").fill("cost-e2e");
  await form.locator('input[name="baseUrl"]').fill(e2eFixtures().okBaseUrl);
  await form.locator('input[name="apiKey"]').fill(E2E.fileApiKey);
  await form.locator('input[name="caFile"]').fill(e2eFixtures().caFile);

  // A bad value is refused next to its field, and nothing is saved.
  const every = form.getByLabel("Paid kind every N rounds");
  await every.fill("0");
  await form.getByRole("button", { name: "Add" }).click();
  await expect(form.locator(".field-error")).toHaveText("Paid probe every is at least 1 (1: every scheduled probe uses the target's own kind)");
  await expect(page.getByTestId("target-cost-e2e")).toHaveCount(0);

  await every.fill("5");
  await form.getByLabel("Manual only: no scheduled probes").check();
  await form.getByRole("button", { name: "Add" }).click();

  const row = page.getByTestId("target-cost-e2e");
  await expect(row.getByTestId("target-manual-only")).toHaveText("manual only");
  await expect(row.getByTestId("target-paid-every")).toContainText("paid kind every 5 rounds");
  const tokens = page.getByTestId("tokens-cost-e2e");
  await expect(tokens).toContainText("0 prompt + 0 completion");

  // Edit: the form shows the saved values.
  await row.getByRole("button", { name: "Edit" }).click();
  const edit = page.locator("form.stack");
  await expect(edit.getByLabel("Paid kind every N rounds")).toHaveValue("5");
  await expect(edit.getByLabel("Manual only: no scheduled probes")).toBeChecked();
  await edit.getByRole("button", { name: "Cancel" }).click();

  const headers = { authorization: `Bearer ${E2E.adminToken}` };
  const listed = (await (await page.request.get("/api/targets", { headers })).json()) as { targets: Array<{ id: number; name: string; paidProbeEvery: number; manualOnly: boolean; tokens: { today: { probes: number } } }> };
  const target = listed.targets.find((item) => item.name === "cost-e2e")!;
  expect(target).toMatchObject({ paidProbeEvery: 5, manualOnly: true, tokens: { today: { probes: 0 } } });

  // Probe now still probes a manual-only route, with the paid kind: its tokens show on the targets page.
  const routes = (await (await page.request.get("/api/routes?target=cost-e2e", { headers })).json()) as { routes: Array<{ id: number; proxyName: string }> };
  const direct = routes.routes.find((route) => route.proxyName === "direct") ?? routes.routes[0]!;
  const probed = await page.request.post("/api/probes", { headers, data: { routeId: direct.id } });
  expect(probed.ok()).toBe(true);
  await page.reload();
  await expect(page.getByTestId("tokens-cost-e2e")).toContainText("1 probes");
  await expect(page.getByTestId("tokens-cost-e2e")).not.toContainText("0 prompt + 0 completion");

  // The overview marks its routes as manual only.
  await page.goto("/?target=cost-e2e");
  await expect(page.getByTestId(/^route-cost-e2e-/).first().getByTestId("route-manual-only")).toHaveText("manual only");

  // So does the route's own page, which says why its state may be old.
  await page.goto(`/routes/${direct.id}`);
  await expect(page.getByTestId("route-manual-only")).toContainText("only Probe now and the CLI probe it");

  // The other specs count routes: leave none behind.
  expect((await page.request.delete(`/api/targets/${target.id}`, { headers })).ok()).toBe(true);
});
