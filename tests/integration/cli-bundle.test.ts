import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_API_KEY, startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { testPki } from "../fixtures/certificates";
import { writeCaFile } from "../helpers/probe-harness";
import { currentBundle, currentBundleEntry } from "@/scripts/bundle/is-bundle-current.mjs";
import { childEnv } from "../helpers/child-env";
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

  it("is ASCII only: one other character makes V8 hold a whole file as a two-byte string, slower to read and compile on every call", () => {
    const dir = join(ROOT, "dist", "cli");
    const offenders = readdirSync(dir)
      .filter((file) => /\.(mjs|cjs)$/.test(file))
      .flatMap((file) => {
        const text = readFileSync(join(dir, file), "utf8");
        const at = text.search(/[^\x00-\x7f]/);
        return at === -1 ? [] : [`${file}: …${text.slice(Math.max(0, at - 40), at + 10)}…`];
      });
    expect(offenders).toEqual([]);
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

describe("the one-file bundle that probe, doctor and best-route run from, with V8's code cache", () => {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-code-cache-"));
  const file = join(dir, "proxypulse.cjs");
  const cache = `${file}.cache`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Loads the bundle copy in a fresh Node, as bin/proxypulse.js does, and says whether V8 took the cache. */
  function load(): { main: string; cacheAccepted: boolean } {
    const loader = join(ROOT, "scripts/bundle/run-with-code-cache.mjs");
    const script = `const { loadWithCodeCache } = await import(${JSON.stringify(loader)}); const loaded = loadWithCodeCache(${JSON.stringify(file)}); loaded.saveCache(); console.log(JSON.stringify({ main: typeof loaded.exports.main, cacheAccepted: loaded.cacheAccepted }));`;
    return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })) as { main: string; cacheAccepted: boolean };
  }

  it("is part of the current bundle", () => {
    const bundle = currentBundle(ROOT, join(ROOT, "dist", "cli"));
    expect(bundle?.commonJs).toBe(join(ROOT, "dist", "cli", "proxypulse.cjs"));
    copyFileSync(bundle!.commonJs!, file);
  });

  it("writes the cache after the first call and compiles from it on the next", () => {
    expect(load()).toEqual({ main: "function", cacheAccepted: false });
    expect(existsSync(cache)).toBe(true);
    expect(load()).toEqual({ main: "function", cacheAccepted: true });
  });

  it("replaces a corrupt cache instead of failing", () => {
    writeFileSync(cache, Buffer.alloc(4096, 7));
    expect(load()).toEqual({ main: "function", cacheAccepted: false });
    expect(readFileSync(cache).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(load().cacheAccepted).toBe(true);
  });

  it("runs without a cache it can neither read nor write", () => {
    rmSync(cache, { force: true });
    mkdirSync(cache);
    expect(load()).toEqual({ main: "function", cacheAccepted: false });
    expect(load()).toEqual({ main: "function", cacheAccepted: false });
  });
});

describe("the code cache of the one-file bundle, through the bin", () => {
  // A copy of the bin and the bundle beside links to the sources, so that
  // this cache is not the one other test files' calls write meanwhile.
  const root = mkdtempSync(join(tmpdir(), "proxypulse-bin-cache-"));
  const cache = join(root, "dist", "cli", "proxypulse.cjs.cache");
  let api: FakeOpenAI;
  let caFile: string;

  beforeAll(async () => {
    for (const dir of ["cli", "lib", "node_modules", "scripts", "package.json"]) symlinkSync(join(ROOT, dir), join(root, dir));
    cpSync(join(ROOT, "bin"), join(root, "bin"), { recursive: true });
    cpSync(join(ROOT, "dist", "cli"), join(root, "dist", "cli"), { recursive: true });
    rmSync(cache, { force: true });
    api = await startFakeOpenAI({ tls: (await testPki()).server, apiKeys: [SIMULATED_API_KEY] });
    caFile = await writeCaFile();
  });
  afterAll(async () => {
    await api?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const probe = (extra: string[]) =>
    new Promise<number>((resolve) => {
      const args = [join(root, "bin", "proxypulse.js"), "probe", "--base-url", api.baseUrl("ok"), "--model", "gpt-4o-mini", "--ca-file", caFile, ...extra];
      execFile(process.execPath, args, { env: childEnv({ PATH: process.env.PATH ?? "/usr/bin:/bin", OPENAI_API_KEY: SIMULATED_API_KEY }) }, (error) =>
        resolve(error ? Number((error as { code?: number }).code ?? 1) : 0),
      );
    });

  it("is written by a call that succeeded, not by one that stopped early (it would hold little of a probe's code)", async () => {
    expect(await probe(["--nope"])).toBe(2);
    expect(await probe(["--proxy", "http://127.0.0.1:1"])).toBe(1);
    expect(existsSync(cache)).toBe(false);
    expect(await probe([])).toBe(0);
    expect(existsSync(cache)).toBe(true);
  });
});
