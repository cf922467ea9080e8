import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Fixed values the e2e server and the specs share. */
export const E2E = {
  port: Number(process.env.E2E_PORT ?? 3217),
  adminToken: "e2e-admin-token-0123456789abcdef",
  fileApiKey: "sk-e2e-FILE-key-0000111122223333",
  uiApiKey: "sk-e2e-UI-key-4444555566667777",
  brokeApiKey: "sk-e2e-broke-key-000000",
  proxyPassword: "e2e-PROXY-pass-8888",
};

export const E2E_ENV_FILE = join(process.cwd(), "test-results", "e2e-env.json");

/** The addresses the e2e server's fixtures got (written when it started), and its database (specs that seed history write to it). */
export function e2eFixtures(): { receiverUrl: string; apiOrigin: string; okBaseUrl: string; quotaBaseUrl: string; httpProxyPort: number; socksUrl: string; caFile: string; dbFile: string } {
  return JSON.parse(readFileSync(E2E_ENV_FILE, "utf8"));
}
