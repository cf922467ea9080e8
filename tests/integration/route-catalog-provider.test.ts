import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeRoute } from "@/lib/monitoring/probe-route";
import { RouteCatalog } from "@/lib/monitoring/route-catalog";
import { SecretBox } from "@/lib/secrets/secret-box";
import { startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

// A stored target this version cannot send as written (a provider it does not
// know, written by a newer version or by hand; a kind its provider lacks) is
// reported on its route, never probed as if it were an OpenAI target.

let temp: TempDatabase;
let api: FakeOpenAI;
let catalog: RouteCatalog;

beforeAll(async () => {
  temp = await createTempDatabase();
  api = await startFakeOpenAI();
  catalog = new RouteCatalog(temp.db, new SecretBox(Buffer.alloc(32, 5)), {});
  const proxy = await temp.db.proxy.create({ data: { name: "direct", url: "direct" } });
  for (const [name, provider, probe] of [
    ["future", "vertex", "generate"],
    ["mixed", "anthropic", "chat"],
    ["fine", "openai", "models"],
  ] as const) {
    const target = await temp.db.target.create({ data: { name, baseUrl: api.baseUrl("ok"), model: "m", provider, probe } });
    await temp.db.route.create({ data: { proxyId: proxy.id, targetId: target.id } });
  }
});

afterAll(async () => {
  await catalog?.close();
  await api?.close();
  await temp?.cleanup();
});

describe("routes whose target this version cannot send", () => {
  it.each([
    ["future", /^The target's provider "vertex" is unknown to this version of ProxyPulse\. Provider must be one of: openai, anthropic, gemini, azure-openai$/],
    ["mixed", /^Probe "chat" is not one the anthropic provider offers: use one of messages, messages-stream, models$/],
  ])("%s: the route says why, and nothing is sent", async (name, message) => {
    const routes = await catalog.reload({ intervalSeconds: 60, timeoutMs: 2000 });
    const route = routes.find((candidate) => candidate.targetName === name)!;
    const hits = api.hits("ok");
    const result = await probeRoute(route);
    expect(result).toMatchObject({ ok: false, kind: "unknown" });
    expect(result.message).toMatch(message);
    expect(api.hits("ok")).toBe(hits);
  });

  it("the others are probed as usual, and a fixed target is probed again", async () => {
    // No key is stored: the API's 401 proves the probe was sent.
    let routes = await catalog.reload({ intervalSeconds: 60, timeoutMs: 2000 });
    const hits = api.hits("ok");
    expect((await probeRoute(routes.find((route) => route.targetName === "fine")!)).kind).toBe("auth_invalid");
    await temp.db.target.update({ where: { name: "mixed" }, data: { provider: "openai" } });
    routes = await catalog.reload({ intervalSeconds: 60, timeoutMs: 2000 });
    const fixed = routes.find((route) => route.targetName === "mixed")!;
    expect(fixed.configError).toBeNull();
    expect((await probeRoute(fixed)).kind).toBe("auth_invalid");
    expect(api.hits("ok")).toBe(hits + 2);
  });
});
