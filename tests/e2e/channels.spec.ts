import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { E2E } from "./e2e-env";
import { logIn as login } from "./log-in";

test.describe.configure({ mode: "serial" });

const OK_TOPIC = "pp-e2e-ok-topic";
const REFUSED_TOPIC = "pp-e2e-refused-topic";
const TOKEN = "tk_E2E0ntfy0access0token";
const NAMES = ["ntfy-ok", "ntfy-refused"];

/**
 * A loopback ntfy server: JSON publish to its root, answered like ntfy.sh
 * (the published message, or 403 {code, http, error} for a topic it refuses).
 * The refusal quotes the token, so that the page must show it redacted.
 */
let ntfy: http.Server;
let ntfyUrl: string;
const published: Array<{ topic: string; title: string; authorization: string | undefined }> = [];

test.beforeAll(async () => {
  ntfy = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { topic: string; title: string };
      published.push({ topic: body.topic, title: body.title, authorization: request.headers.authorization });
      if (body.topic === REFUSED_TOPIC) {
        response.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ code: 40301, http: 403, error: `forbidden for ${request.headers.authorization}`, link: "https://ntfy.sh/docs/publish/#authentication" }));
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "e2eMsg1", time: 1, event: "message", topic: body.topic, title: body.title }));
    });
  });
  await new Promise<void>((resolve) => ntfy.listen(0, "127.0.0.1", resolve));
  ntfyUrl = `http://127.0.0.1:${(ntfy.address() as AddressInfo).port}`;
});

// Leave the channel list as it was: other specs start from "No channels yet".
test.afterAll(async () => {
  const baseURL = `http://127.0.0.1:${E2E.port}`;
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${E2E.adminToken}` } });
  const { channels } = (await (await api.get("/api/notifications")).json()) as { channels: Array<{ id: number; name: string }> };
  for (const channel of channels.filter((c) => NAMES.includes(c.name))) await api.delete(`/api/notifications/${channel.id}`);
  await api.dispose();
  ntfy.closeAllConnections();
  await new Promise<void>((resolve) => ntfy.close(() => resolve()));
});

async function addNtfyChannel(page: Page, name: string, topic: string) {
  if (!(await page.getByLabel("Type").isVisible())) await page.getByRole("button", { name: "Add a channel" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Type").selectOption("ntfy");
  // The form shows ntfy's own settings, the real service as the default server.
  await expect(page.getByLabel("Server URL")).toHaveAttribute("placeholder", "https://ntfy.sh");
  await expect(page.getByLabel("Topic")).toHaveAttribute("type", "password");
  await page.getByLabel("Server URL").fill(ntfyUrl);
  await page.getByLabel("Topic").fill(topic);
  await page.getByLabel("Access token (optional)").fill(TOKEN);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByTestId(`channel-${name}`)).toContainText("ntfy");
}

test("the channel form offers every new type with its own fields", async ({ page }) => {
  await login(page, "/alerts");
  if (!(await page.getByLabel("Type").isVisible())) await page.getByRole("button", { name: "Add a channel" }).click();
  const type = page.getByLabel("Type");
  for (const [value, label] of <Array<[string, string]>>[
    ["discord", "Webhook URL"],
    ["teams", "Workflow URL"],
    ["ntfy", "Topic"],
    ["gotify", "Application token"],
    ["pagerduty", "Integration key (routing key)"],
    ["bark", "Device key"],
    ["serverchan", "SendKey"],
    ["pushplus", "Token"],
  ]) {
    await type.selectOption(value);
    await expect(page.getByLabel(label, { exact: false }).first(), value).toBeVisible();
  }
});

test("Send test on an ntfy channel shows the result right by the button: delivered, or the refusal without the token", async ({ page }) => {
  await login(page, "/alerts");
  await addNtfyChannel(page, "ntfy-ok", OK_TOPIC);
  await addNtfyChannel(page, "ntfy-refused", REFUSED_TOPIC);
  // The secrets went in and do not come back.
  for (const secret of [TOKEN, OK_TOPIC, REFUSED_TOPIC]) expect(await page.content()).not.toContain(secret);

  const ok = page.getByTestId("channel-ntfy-ok");
  await ok.getByRole("button", { name: "Send test" }).click();
  await expect(ok.getByTestId("test-delivery")).toHaveText("sent");
  await expect(ok.getByTestId("test-result")).toContainText("Delivered");
  expect(published.find((message) => message.topic === OK_TOPIC)).toMatchObject({ title: "[ProxyPulse] TEST: ProxyPulse", authorization: `Bearer ${TOKEN}` });

  const refused = page.getByTestId("channel-ntfy-refused");
  await refused.getByRole("button", { name: "Send test" }).click();
  await expect(refused.getByTestId("test-delivery")).toHaveText("failed");
  await expect(refused.getByTestId("test-delivery-reason")).toContainText("Not delivered:");
  await expect(refused.getByTestId("test-delivery-reason")).toContainText("answered HTTP 403: forbidden for Bearer ****");
  // Without a reload: the same page, the result beside the button that asked.
  await expect(refused.getByRole("button", { name: "Send test" })).toBeVisible();
  expect(await page.content()).not.toContain(TOKEN);
});
