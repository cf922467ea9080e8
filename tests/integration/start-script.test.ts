import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "@/lib/config/load-config";
import { InvalidEnvironmentError, readEnv } from "@/lib/env";
import { maskProxyString } from "@/lib/routes/parse-proxy-spec";
import { childEnv } from "../helpers/child-env";

// `npm start` checks the environment and proxypulse.yaml before it decides
// whether to build: a broken start fails at once with the server's own
// message, and no `next build` is started.
const START = fileURLToPath(new URL("../../scripts/start.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "proxypulse-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = "start-script-admin-token-0123456789ab";
let configs = 0;
function config(text: string): string {
  const file = join(dir, `config-${++configs}.yaml`);
  writeFileSync(file, text);
  return file;
}

function runStart(env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const base = { PATH: process.env.PATH, HOME: process.env.HOME, PROXYPULSE_ADMIN_TOKEN: TOKEN, DATABASE_URL: `file:${join(dir, "pp.db")}` };
    // A generous kill timer only so that a regression (a build started) cannot hang the suite.
    execFile(process.execPath, [START], { cwd: dir, env: childEnv({ ...base, ...env }), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The line the server's start would print for the same input (same functions; the log masks proxy credentials). */
function expectedMessage(env: Record<string, string | undefined>): string {
  try {
    const parsed = readEnv(env);
    loadConfig(parsed.PROXYPULSE_CONFIG, env, dir);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InvalidEnvironmentError) return `[proxypulse] error ${maskProxyString(`cannot start ProxyPulse: ${error.message}`)}`;
    throw error;
  }
  throw new Error("the case is not a broken start");
}

describe("npm start with a broken start", () => {
  it.each<[string, () => Record<string, string | undefined>, RegExp]>([
    ["a proxy URL with an unsupported scheme", () => ({ PROXYPULSE_CONFIG: config("proxies:\n  - name: office\n    url: ftp://127.0.0.1:21\n") }), /proxies\[0\]\.url: Invalid proxy/],
    ["YAML that does not parse", () => ({ PROXYPULSE_CONFIG: config("proxies: [\n  - name: x\n") }), /line \d+/],
    ["a variable the config needs that is not set", () => ({ PROXYPULSE_CONFIG: config("targets:\n  - name: main\n    baseUrl: https://127.0.0.1:9/v1\n    apiKey: ${NOT_SET_ANYWHERE}\n    model: m\n") }), /NOT_SET_ANYWHERE is not set/],
    ["a config file that does not exist", () => ({ PROXYPULSE_CONFIG: join(dir, "missing.yaml") }), /does not exist/],
    ["an admin token too short", () => ({ PROXYPULSE_ADMIN_TOKEN: "short" }), /PROXYPULSE_ADMIN_TOKEN must be at least 32 characters/],
    ["a base URL that is not a URL", () => ({ OPENAI_BASE_URL: "not a url" }), /OPENAI_BASE_URL must be a URL/],
  ])("fails with exit 1 and the server's message, before any build: %s", async (_case, makeEnv, detail) => {
    const env = { PROXYPULSE_ADMIN_TOKEN: TOKEN, ...makeEnv() };
    const run = await runStart(env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(expectedMessage(env));
    expect(run.stderr).toMatch(detail);
    // Nothing of a build: neither our "building" line nor Next's own output.
    expect(run.stdout + run.stderr).not.toMatch(/building|Next\.js|next build|Creating an optimized/i);
    expect(run.stdout).toBe("");
  });
});
