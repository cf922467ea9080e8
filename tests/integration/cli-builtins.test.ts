import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_API_KEY, startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startHttpProxy, startSocks5Proxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { testPki } from "../fixtures/certificates";
import { writeCaFile } from "../helpers/probe-harness";
import { runCli } from "../helpers/run-cli";

// Node compiles each built-in module a CLI call loads (Debian's Node has no
// code cache for them): `proxypulse probe` (the real bin, from its bundle)
// still probes through every kind of route, without loading the built-ins it
// never uses. node:http2, node:zlib and node:assert are in the bundle as
// stand-ins that load the real module on first use (tests/unit/bundle/lazy-builtins.test.ts); the bin is
// CommonJS, so no ES module is loaded (which brings fs/promises and readline).
const NOT_LOADED = ["http2", "zlib", "assert", "dns/promises", "internal/modules/esm/load", "internal/fs/promises", "internal/readline/interface"];

const dir = mkdtempSync(join(tmpdir(), "proxypulse-cli-builtins-"));
const recorder = join(dir, "record-builtins.cjs");
writeFileSync(recorder, `process.on("exit", () => require("node:fs").writeFileSync(process.env.BUILTINS_OUT, JSON.stringify(process.moduleLoadList)));\n`);

let api: FakeOpenAI;
let caFile: string;
const proxies: Record<string, FakeProxy> = {};

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  api = await startFakeOpenAI({ tls: pki.server, apiKeys: [SIMULATED_API_KEY] });
  proxies.http = await startHttpProxy();
  proxies.socks = await startSocks5Proxy();
});
afterAll(async () => {
  await Promise.all([api?.close(), ...Object.values(proxies).map((proxy) => proxy.close())]);
  rmSync(dir, { recursive: true, force: true });
});

describe("a CLI probe loads only the built-ins it uses", () => {
  it.each<[string, () => string | null]>([
    ["direct", () => null],
    ["through HTTP CONNECT", () => proxies.http!.url],
    ["through SOCKS5", () => proxies.socks!.url],
  ])(`%s: ok, and none of ${NOT_LOADED.join(", ")} loaded`, async (name, proxy) => {
    const out = join(dir, `${name.replace(/\W+/g, "-")}.json`);
    const route = proxy();
    const tunnelsBefore = route ? Object.values(proxies).find((p) => p.url === route)!.tunnels : 0;
    const run = await runCli(
      ["probe", "--base-url", api.baseUrl("ok"), "--model", "gpt-4o-mini", "--ca-file", caFile, "--json", ...(route ? ["--proxy", route] : [])],
      { OPENAI_API_KEY: SIMULATED_API_KEY, NODE_OPTIONS: `--require ${recorder}`, BUILTINS_OUT: out },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, kind: "ok" });
    if (route) expect(Object.values(proxies).find((p) => p.url === route)!.tunnels).toBe(tunnelsBefore + 1);
    const loaded = JSON.parse(readFileSync(out, "utf8")) as string[];
    // The recording itself works: what every probe needs is there.
    expect(loaded).toEqual(expect.arrayContaining(["NativeModule tls", "NativeModule net"]));
    expect(loaded.filter((entry) => NOT_LOADED.some((id) => entry === `NativeModule ${id}`))).toEqual([]);
  });
});
