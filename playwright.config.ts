import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E } from "./tests/e2e/e2e-env";

// Debian's Chromium where it is installed (CI installs it); otherwise the
// browser `npx playwright install chromium` downloads.
const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  // One SQLite writer: one worker, tests in order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${E2E.port}`,
    trace: "off",
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: "node --import tsx tests/e2e/serve-e2e.ts",
    url: `http://127.0.0.1:${E2E.port}/api/status`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
