import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPki } from "../fixtures/certificates";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { closedPort, startHttpProxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { TEST_API_KEY, writeCaFile } from "../helpers/probe-harness";
import { runCli } from "../helpers/run-cli";
import { readFileSync } from "node:fs";
import { DEFAULT_MODEL } from "@/lib/config/default-model";
import { ProxyPulseConfig } from "@/lib/config/config-schema";
import { CreateTargetInput } from "@/lib/management/management-schemas";
import { TestRouteInput } from "@/lib/management/test-route";

const AUTH = { username: "bob", password: "cli-PASS-word" };
let api: FakeOpenAI;
let proxy: FakeProxy;
let caFile: string;
let deadPort: number;

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  api = await startFakeOpenAI({ tls: pki.server, trace: { ip: "198.51.100.9", loc: "SG", colo: "SIN" }, apiKeys: [TEST_API_KEY] });
  proxy = await startHttpProxy({ auth: AUTH });
  deadPort = await closedPort();
});

afterAll(async () => {
  await api?.close();
  await proxy?.close();
});

const noSecrets = (text: string) => {
  expect(text).not.toContain(TEST_API_KEY);
  expect(text).not.toContain(AUTH.password);
};

describe("proxypulse probe", () => {
  it("prints one JSON object and exits 0 when the route works, through the proxy", async () => {
    const before = proxy.tunnels;
    const run = await runCli(["probe", "--base-url", api.baseUrl("ok"), "--api-key", TEST_API_KEY, "--model", "gpt-4o-mini", "--proxy", proxy.url, "--ca-file", caFile, "--json", "--trace"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json).slice(0, 11)).toEqual(["ok", "kind", "layer", "httpStatus", "apiErrorCode", "message", "hint", "requestId", "timings", "quota", "exit"]);
    expect(json).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, exit: { ip: "198.51.100.9", country: "SG", colo: "SIN" } });
    expect(Object.keys(json.timings)).toEqual(["dnsMs", "connectMs", "tunnelMs", "tlsMs", "ttfbMs", "totalMs"]);
    expect(Object.keys(json.quota)).toEqual(["limitRequests", "remainingRequests", "resetRequestsMs", "limitTokens", "remainingTokens", "resetTokensMs", "retryAfterMs"]);
    expect(json.timings.tunnelMs).toBeGreaterThan(0);
    // One tunnel for the probe, one for the exit-identity trace.
    expect(proxy.tunnels).toBe(before + 2);
    noSecrets(run.stdout + run.stderr);
  });

  it("exits 1 with the kind and hint when the probe fails, taking the key from OPENAI_API_KEY", async () => {
    const run = await runCli(["probe", "--model", "gpt-4o-mini", "--json"], {
      OPENAI_API_KEY: TEST_API_KEY,
      OPENAI_BASE_URL: api.baseUrl("quota"),
      NODE_EXTRA_CA_CERTS: caFile,
    });
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ ok: false, kind: "quota_exhausted", layer: "quota", httpStatus: 429, apiErrorCode: "insufficient_quota" });
    expect(json.hint).toMatch(/billing/);
    expect(json.exit).toBeUndefined();
    noSecrets(run.stdout + run.stderr);
  });

  it("prints a readable report, in Chinese when asked", async () => {
    const run = await runCli(["probe", "--base-url", api.baseUrl("region"), "--model", "gpt-4o-mini", "--ca-file", caFile, "--lang", "zh", "--proxy", proxy.url], {
      OPENAI_API_KEY: TEST_API_KEY,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("region_blocked");
    expect(run.stdout).toContain("地区不受支持");
    expect(run.stdout).toContain("http://bob:****@127.0.0.1");
    noSecrets(run.stdout + run.stderr);
  });

  it("says when the proxy is down", async () => {
    const run = await runCli(["probe", "--base-url", api.baseUrl("ok"), "--model", "m", "--proxy", `socks5://u:${AUTH.password}@127.0.0.1:${deadPort}`, "--json"], {
      OPENAI_API_KEY: TEST_API_KEY,
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: "proxy_unreachable", layer: "proxy" });
    noSecrets(run.stdout + run.stderr);
  });

  it.each([
    [["probe", "--proxy", "ftp://h:1", "--api-key", "k", "--model", "m"], /Invalid proxy "ftp:\/\/h:1".*Accepted forms: direct, env, http:\/\//],
    [["probe", "--proxy", `http://u:${AUTH.password}@h:notaport`, "--api-key", "k", "--model", "m"], /Invalid proxy "http:\/\/u:\*\*\*\*@h:notaport"/],
    [["probe", "--api-key", "k", "--model", "m", "--timeout-ms", "soon"], /--timeout-ms must be a whole number/],
    [["probe", "--api-key", "k", "--model", "m", "--kind", "completions"], /--kind must be one of chat, chat-stream, embeddings, responses, responses-stream, models \(the openai provider.s kinds\), got "completions"/],
    [["probe", "--model", "m"], /no API key/],
    [["probe", "--api-key", "k", "--model", "m", "--base-url", "api.openai.com"], /--base-url must be an http\(s\) URL/],
    [["probe", "--api-key", "k", "--model", "m", "--ca-file", "/nonexistent/ca.pem"], /Cannot use CA file "\/nonexistent\/ca.pem": it must be a readable regular file/],
    [["probe", "--api-key", "k", "--model", "m", "--insecure"], /Unknown option '--insecure'/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("bad usage exits 2 with a clear message: %j", async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain(AUTH.password);
  });
});

describe("proxypulse doctor", () => {
  it("finds that the proxy works but the key has no quota left", async () => {
    const run = await runCli(["doctor", "--ca-file", caFile], {
      OPENAI_API_KEY: TEST_API_KEY,
      OPENAI_BASE_URL: api.baseUrl("quota"),
      HTTPS_PROXY: proxy.url,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`HTTPS_PROXY`);
    expect(run.stdout).toContain("http://bob:****@127.0.0.1");
    expect(run.stdout).toMatch(/env → http:\/\/bob:\*\*\*\*@127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain("quota_exhausted");
    expect(run.stdout).toMatch(/Verdict\n {2}✘ Your route works \(.*\) but your key has no quota left/);
    noSecrets(run.stdout + run.stderr);
  });

  it("reads HTTPS_PROXY without a scheme as an HTTP proxy, like curl, and advises writing the scheme", async () => {
    const before = proxy.tunnels;
    const run = await runCli(["doctor", "--no-chat", "--ca-file", caFile], {
      OPENAI_API_KEY: TEST_API_KEY,
      OPENAI_BASE_URL: api.baseUrl("ok"),
      HTTPS_PROXY: proxy.url.replace("http://", ""),
    });
    expect(run.stdout).toMatch(/✔ env → http:\/\/bob:\*\*\*\*@127\.0\.0\.1:\d+ +ok/);
    expect(proxy.tunnels).toBeGreaterThan(before);
    expect(run.stdout).toContain("HTTPS_PROXY has no scheme");
    noSecrets(run.stdout + run.stderr);
  });

  it("blames a dead proxy and says what else is wrong with the environment", async () => {
    const run = await runCli(["doctor", "--no-chat", "--base-url", `https://127.0.0.1:${deadPort}/v1`, "--proxy", `http://127.0.0.1:${deadPort}`], {
      HTTP_PROXY: `http://127.0.0.1:${deadPort}`,
      NODE_TLS_REJECT_UNAUTHORIZED: "0",
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("proxy_unreachable");
    expect(run.stdout).toMatch(/No route reaches 127\.0\.0\.1:\d+ .*The proxy is the problem/);
    expect(run.stdout).toContain("HTTPS_PROXY is not");
    expect(run.stdout).toContain("NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off");
  });

  it("reports a healthy setup and exits 0", async () => {
    const run = await runCli(["doctor", "--proxy", proxy.url], {
      OPENAI_API_KEY: TEST_API_KEY,
      OPENAI_BASE_URL: api.baseUrl("ok"),
      NODE_EXTRA_CA_CERTS: caFile,
    });
    expect(run.stdout).toMatch(/All good/);
    expect(run.code).toBe(0);
    noSecrets(run.stdout + run.stderr);
  });
});

describe("--json errors, help and version", () => {
  it.each([
    ["no key", ["probe", "--json"], 2, "no_api_key", /no API key: pass --api-key KEY or set OPENAI_API_KEY/],
    ["an unknown flag", ["probe", "--json", "--api-key", "k", "--insecure"], 2, "unknown_option", /Unknown option '--insecure'/],
    ["a stray argument", ["probe", "--json", "--api-key", "k", "stray"], 2, "unexpected_argument", /Unexpected argument 'stray'/],
    ["a bad number", ["probe", "--json", "--api-key", "k", "--timeout-ms", "soon"], 2, "bad_usage", /--timeout-ms must be a whole number/],
    ["a bad proxy", ["probe", "--json", "--api-key", "k", "--proxy", "socks4://h:1"], 2, "invalid_proxy", /the scheme "socks4" is not supported/],
    ["an unknown command", ["frobnicate", "--json"], 2, "unknown_command", /unknown command "frobnicate"/],
    ["doctor's unknown flag", ["doctor", "--json"], 2, "unknown_option", /Unknown option '--json'/],
    ["best-route without --target", ["best-route", "--json"], 2, "bad_usage", /--target is required/],
    ["an unreachable server", ["best-route", "--json", "--target", "openai", "--server", "http://127.0.0.1:DEAD"], 1, "server_unreachable", /cannot reach ProxyPulse at http:\/\/127\.0\.0\.1:\d+/],
  ])("%s: { error: { code, message } } on stdout, nothing on stderr, the usual exit code", async (_name, args, exitCode, code, message) => {
    const run = await runCli(args.map((arg) => arg.replace("DEAD", String(deadPort))));
    expect(run.code).toBe(exitCode);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ error: { code, message: expect.stringMatching(message) } });
  });

  it.each([
    [["probe", "--help"], "proxypulse probe"],
    [["probe", "-h", "--insecure"], "proxypulse probe"],
    [["doctor", "--help"], "proxypulse doctor"],
    [["best-route", "--help"], "proxypulse best-route"],
  ])("%j prints the command's usage and exits 0", async (args, name) => {
    const run = await runCli(args);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`${name}:`);
    expect(run.stdout).toContain("Usage:");
    expect(run.stdout).toContain("Exit codes:");
  });

  it.each([["--version"], ["-v"], ["version"]])("%s prints the version from package.json", async (flag) => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const run = await runCli([flag]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });
});

describe("the default model", () => {
  it("is one constant: the config file's, the dashboard's, Test before saving's and the CLI's", () => {
    expect(ProxyPulseConfig.parse({ targets: [{ name: "t", baseUrl: "https://a.example/v1", apiKey: "k" }] }).targets[0]!.model).toBe(DEFAULT_MODEL);
    expect(CreateTargetInput.parse({ name: "t", baseUrl: "https://a.example/v1" }).model).toBe(DEFAULT_MODEL);
    expect(TestRouteInput.parse({ target: { baseUrl: "https://a.example/v1" } }).target!.model).toBe(DEFAULT_MODEL);
  });

  it("is what probe sends without --model", async () => {
    const run = await runCli(["probe", "--base-url", api.baseUrl("ok"), "--api-key", TEST_API_KEY, "--ca-file", caFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`(chat, ${DEFAULT_MODEL})`);
  });
});

describe("--trace", () => {
  it("says nothing about the exit when the route itself failed", async () => {
    const args = ["probe", "--base-url", api.baseUrl("ok"), "--api-key", TEST_API_KEY, "--proxy", `http://127.0.0.1:${deadPort}`, "--trace"];
    const json = await runCli([...args, "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: "proxy_unreachable" });
    expect(JSON.parse(json.stdout)).not.toHaveProperty("exit");
    const text = await runCli(args);
    expect(text.stdout).toContain("proxy_unreachable");
    expect(text.stdout).not.toMatch(/exit|cdn-cgi/);
  });

  it("still shows the exit when the route works but the API refuses (the exit matters then)", async () => {
    const run = await runCli(["probe", "--base-url", api.baseUrl("region"), "--api-key", TEST_API_KEY, "--ca-file", caFile, "--trace", "--json"]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: "region_blocked", exit: { ip: "198.51.100.9", country: "SG" } });
  });
});

describe("doctor without an API key", () => {
  it("says plainly that no key is set, that the 401s are expected, and what that means for the verdict", async () => {
    const run = await runCli(["doctor", "--ca-file", caFile], { OPENAI_BASE_URL: api.baseUrl("ok") });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("No API key is set (OPENAI_API_KEY or --api-key)");
    expect(run.stdout).toContain('the verdict cannot be "all good"');
    expect(run.stdout).toMatch(/✔ direct +reaches the API \(no key sent: 401 as expected\)/);
    expect(run.stdout).not.toContain("check OPENAI_API_KEY");
    expect(run.stdout).toMatch(/Verdict\n {2}✘ direct reaches 127\.0\.0\.1:\d+, but no API key is set/);
  });
});
