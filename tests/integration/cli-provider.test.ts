import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPki } from "../fixtures/certificates";
import { SIMULATED_ANTHROPIC_KEY, startFakeAnthropic } from "@/lib/simulator/simulated-anthropic";
import type { FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startHttpProxy, type FakeProxy } from "@/lib/simulator/simulated-proxies";
import { writeCaFile } from "../helpers/probe-harness";
import { runCli } from "../helpers/run-cli";

// `proxypulse probe --provider anthropic`, the real bin against the simulated
// Anthropic API through a real proxy on loopback.

let api: FakeOpenAI;
let proxy: FakeProxy;
let caFile: string;

beforeAll(async () => {
  const pki = await testPki();
  caFile = await writeCaFile();
  api = await startFakeAnthropic({ tls: pki.server });
  proxy = await startHttpProxy();
});

afterAll(async () => {
  await Promise.all([api?.close(), proxy?.close()]);
});

describe("proxypulse probe --provider anthropic", () => {
  it("probes messages through the proxy with the key from ANTHROPIC_API_KEY, and says which provider in --json", async () => {
    const before = proxy.tunnels;
    const run = await runCli(["probe", "--provider", "anthropic", "--kind", "messages", "--base-url", api.baseUrl("ok"), "--proxy", proxy.url, "--ca-file", caFile, "--json"], {
      ANTHROPIC_API_KEY: SIMULATED_ANTHROPIC_KEY,
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ ok: true, kind: "ok", httpStatus: 200, provider: "anthropic", quota: { limitRequests: 1000, remainingRequests: 999 } });
    expect(proxy.tunnels).toBe(before + 1);
    expect(api.requestHeaders.at(-1)!["x-api-key"]).toBe(SIMULATED_ANTHROPIC_KEY);
    expect(run.stdout).not.toContain(SIMULATED_ANTHROPIC_KEY);
  });

  it("takes the base URL from ANTHROPIC_BASE_URL, defaults to messages, and exits 1 with the kind when the account has no credit", async () => {
    const run = await runCli(["probe", "--provider", "anthropic", "--ca-file", caFile, "--json"], {
      ANTHROPIC_API_KEY: SIMULATED_ANTHROPIC_KEY,
      ANTHROPIC_BASE_URL: api.baseUrl("quota"),
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, kind: "quota_exhausted", httpStatus: 400, provider: "anthropic" });
  });

  it.each([
    [["--provider", "vertex"], /--provider must be one of openai, anthropic, gemini, azure-openai, got "vertex"/],
    [["--provider", "anthropic", "--kind", "chat"], /--kind must be one of messages, messages-stream, models \(the anthropic provider's kinds\), got "chat"/],
    [["--kind", "messages"], /--kind must be one of chat, chat-stream, embeddings, responses, responses-stream, models \(the openai provider's kinds\), got "messages"/],
  ])("refuses %j with exit 2 and a message naming the choices", async (args, message) => {
    const run = await runCli(["probe", "--api-key", "k", ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it.each([["probe"], ["doctor"]])("%s --provider azure-openai without a base URL: exit 2, asking for the resource's endpoint (there is no default)", async (command) => {
    const run = await runCli([command, "--provider", "azure-openai", "--api-key", "k"], { AZURE_OPENAI_ENDPOINT: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the azure-openai provider has no default base URL: pass --base-url .* or set AZURE_OPENAI_ENDPOINT/);
  });

  it("asks for the provider's own key variable when none is given", async () => {
    const run = await runCli(["probe", "--provider", "anthropic"], { OPENAI_API_KEY: "sk-not-for-anthropic" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set ANTHROPIC_API_KEY/);
  });

  it("documents the provider and its kinds in --help", async () => {
    const run = await runCli(["probe", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--provider ID/);
    expect(run.stdout).toMatch(/anthropic\s+kinds messages, messages-stream, models; key ANTHROPIC_API_KEY; base URL ANTHROPIC_BASE_URL, else https:\/\/api\.anthropic\.com/);
  });
});

describe("proxypulse doctor --provider anthropic", () => {
  it("checks the routes with models and the key with a 1-token message, naming ANTHROPIC_API_KEY", async () => {
    const run = await runCli(["doctor", "--provider", "anthropic", "--base-url", api.baseUrl("ok"), "--proxy", proxy.url, "--ca-file", caFile], {
      ANTHROPIC_API_KEY: SIMULATED_ANTHROPIC_KEY,
    });
    expect(run.stdout).toMatch(/ANTHROPIC_API_KEY\s+sk-…cdef/);
    expect(run.stdout).toMatch(/Key and quota \(messages, 1 token, claude-haiku-4-5\)/);
    expect(run.stdout).not.toContain(SIMULATED_ANTHROPIC_KEY);
    expect(run.code).toBe(0);
  });

  it("a rejected key sends the user to ANTHROPIC_API_KEY, not OpenAI's variable", async () => {
    const run = await runCli(["doctor", "--provider", "anthropic", "--base-url", api.baseUrl("ok"), "--ca-file", caFile], { ANTHROPIC_API_KEY: "sk-ant-api03-wrong" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("the API rejects the key: check ANTHROPIC_API_KEY");
    expect(run.stdout).not.toContain("OPENAI_API_KEY");
  });
});
