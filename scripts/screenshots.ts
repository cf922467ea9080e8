// npm run screenshots: pictures of the overview, a route and the status page
// (light and dark), taken from the demo in Chromium, into docs/screenshots/.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { startDemo } from "../lib/demo/start-demo";

const out = join(process.cwd(), "docs", "screenshots");
mkdirSync(out, { recursive: true });
const demo = await startDemo({ port: Number(process.env.PORT ?? 3411), log: () => undefined });
try {
  console.log("Demo running; letting it probe for 40 s…");
  await new Promise((resolve) => setTimeout(resolve, 40_000));
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  for (const theme of ["light", "dark"] as const) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: theme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.request.post(`${demo.url}/api/session`, { data: { token: demo.token } });
    await page.goto(`${demo.url}/`);
    await page.screenshot({ path: join(out, `overview-${theme}.png`), fullPage: true });
    const routeLink = page.getByRole("link", { name: /OpenAI \(demo\) via clash-hk/ });
    await routeLink.click();
    await page.getByRole("link", { name: "7d", exact: true }).click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(out, `route-${theme}.png`), fullPage: true });
    await page.goto(`${demo.url}/status`);
    await page.screenshot({ path: join(out, `status-${theme}.png`), fullPage: true });
    await context.close();
  }
  await browser.close();
  console.log(`Screenshots written to ${out}`);
} finally {
  await demo.stop();
}
