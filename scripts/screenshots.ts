// npm run screenshots: pictures of the overview, a route, a streaming route and the status page
// (light and dark, Chinese, and a phone), taken from the demo in Chromium,
// into docs/screenshots/.
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
  // Each picture set: light and dark in English at desktop width, Chinese in
  // a browser in Asia/Shanghai (times in its zone), and a phone.
  const variants = [
    { name: "light", colorScheme: "light", viewport: { width: 1280, height: 860 }, locale: "en-US", timezoneId: "Europe/London" },
    { name: "dark", colorScheme: "dark", viewport: { width: 1280, height: 860 }, locale: "en-US", timezoneId: "Europe/London" },
    { name: "zh", colorScheme: "light", viewport: { width: 1280, height: 860 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" },
    { name: "phone", colorScheme: "light", viewport: { width: 390, height: 844 }, locale: "en-US", timezoneId: "America/New_York" },
  ] as const;
  for (const variant of variants) {
    const context = await browser.newContext({
      viewport: variant.viewport,
      colorScheme: variant.colorScheme,
      deviceScaleFactor: 1,
      locale: variant.locale,
      timezoneId: variant.timezoneId,
      extraHTTPHeaders: { "accept-language": variant.locale },
    });
    const page = await context.newPage();
    await page.request.post(`${demo.url}/api/session`, { data: { token: demo.token } });
    await page.goto(`${demo.url}/`);
    await page.screenshot({ path: join(out, `overview-${variant.name}.png`), fullPage: true });
    await page.locator('a[href^="/routes/"]', { hasText: "clash-hk" }).first().click();
    await page.locator('a[href$="?range=7d"]').click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(out, `route-${variant.name}.png`), fullPage: true });
    // A streaming route: its time to first token and output speed beside the phases.
    const listed = (await (await page.request.get(`${demo.url}/api/routes`)).json()) as { routes: Array<{ id: number; targetName: string; proxyName: string }> };
    const streaming = listed.routes.find((route) => route.targetName.startsWith("Claude streaming") && route.proxyName === "direct")!;
    await page.goto(`${demo.url}/routes/${streaming.id}?range=24h`);
    await page.getByTestId("stream-chart").waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(out, `stream-route-${variant.name}.png`), fullPage: true });
    await page.goto(`${demo.url}/status`);
    await page.screenshot({ path: join(out, `status-${variant.name}.png`), fullPage: true });
    await context.close();
  }
  await browser.close();
  console.log(`Screenshots written to ${out}`);
} finally {
  await demo.stop();
}
