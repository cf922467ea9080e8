import { expect, test } from "@playwright/test";
import { E2E, e2eFixtures } from "./e2e-env";
import { logIn as login } from "./log-in";

test("a streaming route: probe now shows what the stream measured, and its page names the kind and charts TTFT and tokens/s", async ({ page }) => {
  const headers = { authorization: `Bearer ${E2E.adminToken}` };
  const created = await page.request.post("/api/targets", { headers, data: { name: "stream-e2e", baseUrl: e2eFixtures().okBaseUrl, apiKey: E2E.uiApiKey, probe: "chat-stream" } });
  expect(created.status()).toBe(201);
  const targetId = ((await created.json()) as { target: { id: number } }).target.id;
  try {
    const routes = ((await (await page.request.get("/api/routes", { headers })).json()) as { routes: Array<{ id: number; targetName: string; proxyName: string }> }).routes;
    const route = routes.find((item) => item.targetName === "stream-e2e" && item.proxyName === "direct")!;
    await login(page, `/routes/${route.id}`);
    await expect(page.getByTestId("probe-kind")).toHaveText("OpenAI-compatible · chat-stream");
    await expect(page.getByText("No stream measured in this range yet.")).toBeVisible();

    await page.getByRole("button", { name: "Probe now" }).click();
    const outcome = page.getByTestId("probe-result");
    await expect(outcome).toContainText("OK");
    await expect(outcome.getByTestId("probe-stream")).toContainText(/stream: ttft \d+ ms · 20 chunks in \d+ ms · [\d.]+ tokens\/s/);

    // The stored result is charted: TTFT p50/p95 and tokens/s.
    await page.reload();
    await expect(page.getByTestId("stream-chart")).toBeVisible();
    await expect(page.getByTestId("stream-chart")).toContainText("TTFT p50");
    await expect(page.getByTestId("stream-chart")).toContainText("tokens/s (median)");
    const results = await page.request.get(`/api/routes/${route.id}/results`, { headers });
    const [latest] = ((await results.json()) as { results: Array<{ midStream: boolean; stream: { chunks: number } | null }> }).results;
    expect(latest).toMatchObject({ midStream: false, stream: { chunks: 20 } });
  } finally {
    // The other specs count routes: leave none behind.
    expect((await page.request.delete(`/api/targets/${targetId}`, { headers })).ok()).toBe(true);
  }
});
