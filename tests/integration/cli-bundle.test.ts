import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { currentBundleEntry } from "@/scripts/bundle/is-bundle-current.mjs";
import { runCli } from "../helpers/run-cli";

// bin/proxypulse.js runs the esbuild bundle (dist/cli, built by postinstall,
// `npm run build` and this suite's globalSetup) and falls back to the
// TypeScript sources through tsx when the bundle is stale. Both must behave
// the same.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FROM_SOURCE = { PROXYPULSE_CLI_FROM_SOURCE: "1" };

describe("the CLI bundle", () => {
  it("is current for the sources under test (so the CLI tests exercise it)", () => {
    expect(currentBundleEntry(ROOT, join(ROOT, "dist", "cli"))).toBe(join(ROOT, "dist", "cli", "proxypulse.mjs"));
  });

  it.each<[string, string[]]>([
    ["help", ["help"]],
    ["no command", []],
    ["an unknown command", ["frobnicate"]],
    ["an unknown option", ["probe", "--nope"]],
    ["a bad proxy spec", ["probe", "--api-key", "k", "--model", "m", "--proxy", "ftp://127.0.0.1:21"]],
    ["a bad environment", ["best-route", "--target", "x"]],
  ])("gives the same output and exit code as the sources: %s", async (_case, args) => {
    const env = _case === "a bad environment" ? { OPENAI_BASE_URL: "not a url" } : {};
    const [bundled, source] = await Promise.all([runCli(args, env), runCli(args, { ...env, ...FROM_SOURCE })]);
    expect(bundled).toEqual(source);
    expect(bundled.stdout + bundled.stderr).toMatch(/proxypulse/);
  });
});
