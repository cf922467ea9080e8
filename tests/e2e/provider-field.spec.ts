import { expect, test } from "@playwright/test";
import { E2E } from "./e2e-env";
import { logIn as login } from "./log-in";

test("the target form: a provider select, that provider's kinds and base-URL presets; the list shows the provider", async ({ page }) => {
  await login(page, "/targets");
  await page.getByRole("button", { name: "Add" }).click();
  const form = page.locator("form.stack");
  const provider = form.locator('select[name="provider"]');
  const probe = form.locator('select[name="probe"]');
  const preset = form.locator('select[name="baseUrlPreset"]');
  const baseUrl = form.locator('input[name="baseUrl"]');
  const model = form.locator('input[name="model"]');

  await expect(provider).toHaveValue("openai");
  await expect(probe.locator("option")).toHaveText(["chat", "chat-stream", "embeddings", "responses", "responses-stream", "models"]);
  await expect(preset.locator("option")).toHaveCount(9);
  await preset.selectOption({ label: "Groq — https://api.groq.com/openai/v1" });
  await expect(baseUrl).toHaveValue("https://api.groq.com/openai/v1");
  await preset.selectOption({ label: "Ollama (local) — http://localhost:11434/v1" });
  await expect(baseUrl).toHaveValue("http://localhost:11434/v1");

  // Anthropic: its kinds, its official base URL (a preset's URL was the old provider's) and its cheap model.
  await provider.selectOption("anthropic");
  await expect(probe.locator("option")).toHaveText(["messages", "messages-stream", "models"]);
  await expect(probe).toHaveValue("messages");
  await expect(baseUrl).toHaveValue("https://api.anthropic.com");
  await expect(model).toHaveValue("claude-haiku-4-5");
  await expect(form).toContainText("messages costs 1 output token");

  // A URL typed by hand stays when the provider changes back; the kind becomes one openai has.
  await baseUrl.fill("https://gateway.example/v1");
  await probe.selectOption("models");
  await provider.selectOption("openai");
  await expect(baseUrl).toHaveValue("https://gateway.example/v1");
  await expect(probe).toHaveValue("models");
  await provider.selectOption("anthropic");

  await form.getByLabel("Name").fill("claude-e2e");
  await form.getByRole("button", { name: "Add" }).click();
  const row = page.getByTestId("target-claude-e2e");
  await expect(row.getByTestId("target-provider")).toHaveText("anthropic");
  await expect(row).toContainText("models");

  const headers = { authorization: `Bearer ${E2E.adminToken}` };
  const saved = await page.request.get("/api/targets", { headers });
  const target = ((await saved.json()) as { targets: Array<{ id: number; name: string; provider: string; probe: string; baseUrl: string }> }).targets.find((item) => item.name === "claude-e2e");
  expect(target).toMatchObject({ provider: "anthropic", probe: "models", baseUrl: "https://gateway.example/v1" });
  // The other specs count routes: leave none behind.
  expect((await page.request.delete(`/api/targets/${target!.id}`, { headers })).ok()).toBe(true);
});
