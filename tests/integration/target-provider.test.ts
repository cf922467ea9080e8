import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as probesApi from "@/app/api/probes/route";
import * as probeTestApi from "@/app/api/probes/test/route";
import * as targetApi from "@/app/api/targets/[id]/route";
import * as targetsApi from "@/app/api/targets/route";
import { migrateDatabase, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { SIMULATED_ANTHROPIC_KEY, startFakeAnthropic } from "@/lib/simulator/simulated-anthropic";
import { SIMULATED_API_KEY, startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { call, startTestService, type TestService } from "../helpers/test-service";

// A target's provider through the file, the REST API and the run path
// (scheduler's probe, "probe now", test before saving), against the
// simulated APIs on loopback.

let anthropicApi: FakeOpenAI;
let openaiApi: FakeOpenAI;
let test: TestService;

beforeAll(async () => {
  anthropicApi = await startFakeAnthropic();
  openaiApi = await startFakeOpenAI();
  test = await startTestService(
    `probeNowCooldownSeconds: 0
targets:
  - name: claude
    provider: anthropic
    baseUrl: ${anthropicApi.baseUrl("ok")}
    apiKey: ${SIMULATED_ANTHROPIC_KEY}
  - name: gpt
    baseUrl: ${openaiApi.baseUrl("ok")}
    apiKey: ${SIMULATED_API_KEY}
proxies:
  - name: direct
    url: direct
`,
  );
});

afterAll(async () => {
  await test?.stop();
  await Promise.all([anthropicApi?.close(), openaiApi?.close()]);
});

async function targetNamed(name: string) {
  const { json } = await call(targetsApi.GET);
  return (json.targets as Array<{ id: number; name: string; provider: string; probe: string; model: string }>).find((target) => target.name === name)!;
}

describe("provider from proxypulse.yaml", () => {
  it("is stored and shown: anthropic with its defaults, openai when not said", async () => {
    expect(await targetNamed("claude")).toMatchObject({ provider: "anthropic", probe: "messages", model: "claude-haiku-4-5" });
    expect(await targetNamed("gpt")).toMatchObject({ provider: "openai", probe: "chat", model: "gpt-4o-mini" });
  });

  it("each route is probed with its target's provider (probe now goes to the right API, in its dialect)", async () => {
    const before = { anthropic: anthropicApi.hits("ok"), openai: openaiApi.hits("ok") };
    const { status, json } = await call(probesApi.POST, { method: "POST", body: {} });
    expect(status).toBe(200);
    const byTarget = Object.fromEntries((json.results as Array<{ target: string; kind: string; probe: string }>).map((result) => [result.target, result]));
    expect(byTarget.claude).toMatchObject({ kind: "ok", probe: "messages" });
    expect(byTarget.gpt).toMatchObject({ kind: "ok", probe: "chat" });
    expect(anthropicApi.hits("ok")).toBe(before.anthropic + 1);
    expect(openaiApi.hits("ok")).toBe(before.openai + 1);
    expect(anthropicApi.requestHeaders.at(-1)!["x-api-key"]).toBe(SIMULATED_ANTHROPIC_KEY);
  });
});

describe("provider through the REST API", () => {
  it("creates an anthropic target with the provider's defaults and shows its provider", async () => {
    const { status, json } = await call(targetsApi.POST, { method: "POST", body: { name: "claude-api", provider: "anthropic", baseUrl: anthropicApi.baseUrl("ok") } });
    expect(status).toBe(201);
    expect(json.target).toMatchObject({ provider: "anthropic", probe: "messages", model: "claude-haiku-4-5" });
    const { json: one } = await call(targetApi.GET, { params: { id: String(json.target.id) } });
    expect(one.target).toMatchObject({ provider: "anthropic" });
  });

  it("creates an openai target when no provider is given (API callers written before providers)", async () => {
    const { status, json } = await call(targetsApi.POST, { method: "POST", body: { name: "plain", baseUrl: openaiApi.baseUrl("ok") } });
    expect(status).toBe(201);
    expect(json.target).toMatchObject({ provider: "openai", probe: "chat", model: "gpt-4o-mini" });
  });

  it.each([
    ["an unknown provider", { name: "x1", provider: "vertex", baseUrl: "https://a.example" }, /^provider: Provider must be one of: openai, anthropic, gemini, azure-openai$/],
    ["a provider that is not text", { name: "x2", provider: 5, baseUrl: "https://a.example" }, /^provider: Provider must be one of: openai, anthropic, gemini, azure-openai$/],
    ["a kind the provider lacks", { name: "x3", provider: "anthropic", probe: "chat", baseUrl: "https://a.example" }, /^probe: Probe "chat" is not one the anthropic provider offers: use one of messages, messages-stream, models$/],
    ["anthropic's kind on an openai target", { name: "x4", probe: "messages", baseUrl: "https://a.example" }, /^probe: Probe "messages" is not one the openai provider offers: use one of chat, chat-stream, embeddings, responses, responses-stream, models$/],
  ])("refuses %s on create: 400 { error: { code, message } }", async (_name, body, message) => {
    const { status, json } = await call(targetsApi.POST, { method: "POST", body });
    expect(status).toBe(400);
    expect(json.error.code).toBe("invalid_input");
    expect(json.error.message).toMatch(message);
    expect((await call(targetsApi.GET)).json.targets.map((target: { name: string }) => target.name)).not.toContain(body.name);
  });

  it("changing the provider must bring a kind it offers; the target is unchanged when refused", async () => {
    const { json: created } = await call(targetsApi.POST, { method: "POST", body: { name: "switch", baseUrl: openaiApi.baseUrl("ok") } });
    const id = String(created.target.id);
    const refused = await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: { provider: "anthropic" } });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({ code: "invalid_input", message: 'Probe "chat" is not one the anthropic provider offers: use one of messages, messages-stream, models (the target\'s probe is "chat": give probe too)' });
    const wrongKind = await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: { probe: "messages" } });
    expect(wrongKind.status).toBe(400);
    expect((await call(targetApi.GET, { params: { id } })).json.target).toMatchObject({ provider: "openai", probe: "chat" });

    const changed = await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: { provider: "anthropic", probe: "models", baseUrl: anthropicApi.baseUrl("ok") } });
    expect(changed.status).toBe(200);
    expect(changed.json.target).toMatchObject({ provider: "anthropic", probe: "models" });
  });

  it("test before saving probes the provider typed in the form", async () => {
    const { status, json } = await call(probeTestApi.POST, {
      method: "POST",
      body: { target: { provider: "anthropic", baseUrl: anthropicApi.baseUrl("ok"), apiKey: SIMULATED_ANTHROPIC_KEY } },
    });
    expect(status).toBe(200);
    expect(json.result).toMatchObject({ kind: "ok", probe: "models" });
    const refused = await call(probeTestApi.POST, { method: "POST", body: { target: { provider: "anthropic", probe: "chat", baseUrl: anthropicApi.baseUrl("ok") } } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/^target\.probe: Probe "chat" is not one the anthropic provider offers/);
  });
});

describe("the target_provider migration", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "proxypulse-provider-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps an old database's targets, each now openai, with everything else as it was", () => {
    const migrations = join(dir, "migrations");
    cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
    const all = readdirSync(migrations).filter((name) => /^\d+_/.test(name)).sort();
    const later = all.slice(all.findIndex((name) => name.endsWith("_target_provider")));
    for (const name of later) rmSync(join(migrations, name), { recursive: true });
    const path = join(dir, "old.db");
    migrateDatabase(path, migrations);
    const old = new Database(path);
    old.exec(`INSERT INTO "Proxy" (id, name, url, source, createdAt, updatedAt) VALUES (1, 'clash', 'http://127.0.0.1:7890', 'api', 0, 0);
      INSERT INTO "Target" (id, name, baseUrl, model, probe, apiKeyEnv, source, createdAt, updatedAt) VALUES (1, 'openai', 'https://api.openai.com/v1', 'gpt-4o-mini', 'chat', 'OPENAI_API_KEY', 'file', 0, 0);
      INSERT INTO "Target" (id, name, baseUrl, model, probe, source, createdAt, updatedAt) VALUES (2, 'local', 'http://127.0.0.1:11434/v1', 'llama3', 'models', 'api', 0, 0);
      INSERT INTO "Route" (id, proxyId, targetId, enabled, state, okStreak, failStreak, createdAt) VALUES (1, 1, 1, 1, 'up', 0, 0, 0);`);
    old.close();

    expect(migrateDatabase(path).applied).toEqual(later);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare(`SELECT id, name, baseUrl, model, probe, apiKeyEnv, source, provider FROM "Target" ORDER BY id`).all()).toEqual([
        { id: 1, name: "openai", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", probe: "chat", apiKeyEnv: "OPENAI_API_KEY", source: "file", provider: "openai" },
        { id: 2, name: "local", baseUrl: "http://127.0.0.1:11434/v1", model: "llama3", probe: "models", apiKeyEnv: null, source: "api", provider: "openai" },
      ]);
      expect(db.prepare(`SELECT id, proxyId, targetId FROM "Route"`).all()).toEqual([{ id: 1, proxyId: 1, targetId: 1 }]);
    } finally {
      db.close();
    }
  });
});
