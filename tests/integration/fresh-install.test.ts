import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import * as proxyApi from "@/app/api/proxies/[id]/route";
import * as proxiesApi from "@/app/api/proxies/route";
import { startMonitorService, type MonitorService } from "@/lib/monitoring/monitor-service";
import { configurationSentence, stateChangeSentence } from "@/lib/monitoring/log-sentences";
import { startFakeOpenAI } from "@/lib/simulator/simulated-api";
import { childEnv } from "../helpers/child-env";
import { ADMIN_TOKEN, call } from "../helpers/test-service";

let dir: string;
let logSpy: MockInstance<typeof console.log>;
let running: MonitorService | null = null;
const logLines = () => logSpy.mock.calls.map((args) => String(args[0]));

/** A service started the way a fresh install starts: in a directory with or without proxypulse.yaml. */
async function start(yaml: string | null): Promise<MonitorService> {
  if (yaml !== null) writeFileSync(join(dir, "proxypulse.yaml"), yaml);
  else rmSync(join(dir, "proxypulse.yaml"), { force: true });
  const service = await startMonitorService({
    environment: childEnv({ DATABASE_URL: `file:${join(dir, "pp.db")}`, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN, PATH: process.env.PATH }),
    runScheduler: false,
    cwd: dir,
  });
  (globalThis as { proxypulseMonitor?: Promise<MonitorService> }).proxypulseMonitor = Promise.resolve(service);
  running = service;
  return service;
}

async function stop(): Promise<void> {
  delete (globalThis as { proxypulseMonitor?: Promise<MonitorService> }).proxypulseMonitor;
  await running?.stop(1000);
  running = null;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "proxypulse-fresh-"));
  logSpy = vi.spyOn(console, "log").mockImplementation(() => undefined);
});

afterEach(async () => {
  await stop();
  logSpy.mockRestore();
  rmSync(dir, { recursive: true, force: true });
});

describe("a fresh install (no proxypulse.yaml)", () => {
  it("says in one sentence where its configuration comes from, pluralised, without an empty removed list", async () => {
    await start(null);
    const line = logLines().find((l) => l.includes("Configuration:"));
    expect(line).toBe("[proxypulse] info Configuration: built-in defaults (no proxypulse.yaml): 0 targets, 1 proxy.");
  });

  it("shows the built-in direct proxy as built in (not as the file's), and read-only in the API too", async () => {
    await start(null);
    const { json } = await call(proxiesApi.GET);
    expect(json.proxies).toEqual([expect.objectContaining({ name: "direct", source: "builtin", readOnly: true })]);
    const id = String(json.proxies[0].id);
    for (const attempt of [() => call(proxyApi.PATCH, { method: "PATCH", params: { id }, body: { name: "mine" } }), () => call(proxyApi.DELETE, { method: "DELETE", params: { id } })]) {
      const { status, json: body } = await attempt();
      expect(status).toBe(403);
      expect(body.error.code).toBe("built_in");
      expect(body.error.message).toContain("built in");
      expect(body.error.message).not.toContain("managed by proxypulse.yaml");
    }
  });

  it("when a proxypulse.yaml appears, its objects replace the built-in ones, and the log names what was removed", async () => {
    await start(null);
    await stop();
    logSpy.mockClear();
    await start("proxies:\n  - name: clash\n    url: http://127.0.0.1:7890\ntargets: []\n");
    const { json } = await call(proxiesApi.GET);
    expect(json.proxies).toEqual([expect.objectContaining({ name: "clash", source: "file", readOnly: true })]);
    const line = logLines().find((l) => l.includes("Configuration:"));
    expect(line).toBe(`[proxypulse] info Configuration: ${join(dir, "proxypulse.yaml")}: 0 targets, 1 proxy. Removed because the file no longer lists them: proxy direct.`);
  });

  it("names routes by proxy/target in state-change lines", async () => {
    const api = await startFakeOpenAI();
    try {
      const service = await start(`targets:\n  - name: openai\n    baseUrl: ${api.baseUrl("ok")}\n    apiKey: ${api.apiKey}\n    probe: models\nproxies:\n  - name: direct\n    url: direct\n`);
      await service.probeNow();
      await vi.waitFor(() => expect(logLines()).toContain("[proxypulse] info route direct/openai: unknown → up"), { timeout: 5000 });
    } finally {
      await api.close();
    }
  });
});

describe("log sentences", () => {
  it.each([
    [0, 0, "0 targets, 0 proxies."],
    [1, 1, "1 target, 1 proxy."],
    [2, 3, "2 targets, 3 proxies."],
  ])("%i targets and %i proxies read as a sentence", (targets, proxies, expected) => {
    expect(configurationSentence("/etc/proxypulse.yaml", { targets, proxies, routesCreated: 0, removed: [], revokedLocations: [] })).toBe(`Configuration: /etc/proxypulse.yaml: ${expected}`);
  });

  it("a state change of a route no longer loaded falls back to its number", () => {
    expect(stateChangeSentence({ routeId: 7, fromState: "down", toState: "up", kind: null }, undefined)).toBe("route #7: down → up");
    expect(stateChangeSentence({ routeId: 7, fromState: "down", toState: "up", kind: "proxy_unreachable" }, { proxyName: "clash", targetName: "openai" })).toBe("route clash/openai: down → up (proxy_unreachable)");
    expect(stateChangeSentence({ routeId: 9, fromState: "up", toState: "down", kind: "timeout" }, { proxyName: "clash", targetName: "openai", locationName: "hk-vps" })).toBe("route clash/openai at hk-vps: up → down (timeout)");
  });
});
