import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "@/lib/scheduler/clock";
import { startFakeOpenAI, SIMULATED_API_KEY, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { startTestService, type TestService } from "../helpers/test-service";

/**
 * The scheduler's clock at 100× the wall clock's pace: a 5 s interval (the
 * shortest allowed) comes round every 50 ms, so many scheduled rounds run in
 * a second of real time through the real service (catalog, plan, probe, writer).
 */
const SPEED = 100;
const fastClock: Clock = {
  monotonic: () => performance.now() * SPEED,
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms / SPEED),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

let everyThird: FakeOpenAI;
let manual: FakeOpenAI;
let plain: FakeOpenAI;
let free: FakeOpenAI;
let test: TestService;

beforeAll(async () => {
  [everyThird, manual, plain, free] = await Promise.all([startFakeOpenAI(), startFakeOpenAI(), startFakeOpenAI(), startFakeOpenAI()]);
  test = await startTestService(
    `
intervalSeconds: 5
timeoutMs: 3000
probeNowCooldownSeconds: 0
targets:
  - name: every-third
    baseUrl: ${everyThird.baseUrl("ok")}
    apiKey: ${SIMULATED_API_KEY}
    paidProbeEvery: 3
  - name: manual
    baseUrl: ${manual.baseUrl("ok")}
    apiKey: ${SIMULATED_API_KEY}
    paidProbeEvery: 3
    manualOnly: true
  - name: plain
    baseUrl: ${plain.baseUrl("ok")}
    apiKey: ${SIMULATED_API_KEY}
  - name: free
    baseUrl: ${free.baseUrl("ok")}
    apiKey: ${SIMULATED_API_KEY}
    probe: models
proxies:
  - name: direct
    url: direct
`,
    { runScheduler: true, schedulerClock: fastClock },
  );
  // Enough scheduled rounds of the every-third route to see the pattern several times over.
  while (everyThird.requestUrls.length < 10) await new Promise((resolve) => setTimeout(resolve, 20));
});

afterAll(async () => {
  await test?.stop();
  await Promise.all([everyThird, manual, plain, free].map((api) => api?.close()));
});

const endpoint = (url: string) => url.replace("/ok/v1", "");

describe("paidProbeEvery on the schedule", () => {
  it("probes /chat/completions on the first scheduled round and every 3rd after it, /models on the others", () => {
    const urls = everyThird.requestUrls.map(endpoint);
    expect(urls.length).toBeGreaterThanOrEqual(10);
    expect(urls).toEqual(urls.map((_, round) => (round % 3 === 0 ? "/chat/completions" : "/models")));
  });

  it("leaves a target without it (1, the default) paid on every round", () => {
    expect(plain.requestUrls.length).toBeGreaterThan(0);
    expect(new Set(plain.requestUrls.map(endpoint))).toEqual(new Set(["/chat/completions"]));
  });

  it("leaves a free target on its free kind", () => {
    expect(free.requestUrls.length).toBeGreaterThan(0);
    expect(new Set(free.requestUrls.map(endpoint))).toEqual(new Set(["/models"]));
  });
});

describe("manualOnly", () => {
  it("gets no scheduled probes while the others are probed round after round", () => {
    expect(everyThird.requestUrls.length).toBeGreaterThanOrEqual(10);
    expect(manual.requestUrls).toEqual([]);
  });

  it("is probed by probe now, always with the target's own (paid) kind, and its result is stored", async () => {
    const route = test.service.catalog.list().find((candidate) => candidate.targetName === "manual")!;
    expect(route.manualOnly).toBe(true);
    for (let i = 0; i < 2; i++) {
      const [probed] = await test.service.probeNow([route.id]);
      expect(probed!.result.ok).toBe(true);
    }
    expect(manual.requestUrls.map(endpoint)).toEqual(["/chat/completions", "/chat/completions"]);
    await test.service.writer.flush();
    const stored = test.service.sqlite!.prepare(`SELECT COUNT(*) FROM "ProbeResult" WHERE routeId = ?`).pluck().get(route.id);
    expect(stored).toBe(2);
  });

  it("is among the routes that probe now probes when asked for all", async () => {
    const before = manual.requestUrls.length;
    const probed = await test.service.probeNow();
    const manualRoute = test.service.catalog.list().find((candidate) => candidate.targetName === "manual")!;
    expect(probed.map((entry) => entry.routeId)).toContain(manualRoute.id);
    expect(manual.requestUrls.length).toBe(before + 1);
  });
});
