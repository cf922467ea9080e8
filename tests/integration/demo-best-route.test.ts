import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_API_KEYS, demoClashDown, demoScenario, startDemoWorld, type DemoWorld } from "@/lib/demo/demo-world";
import { seedDemoHistory } from "@/lib/demo/seed-demo-history";
import { findBestRoute } from "@/lib/monitoring/find-best-route";
import { startTestService, type TestService } from "../helpers/test-service";

const TARGETS = ["OpenAI (demo)", "Team credit (demo)"];
const PATH_OF: Record<string, string> = { "OpenAI (demo)": "main", "Team credit (demo)": "credit" };

describe("the demo's seeded history", () => {
  let world: DemoWorld;
  let test: TestService;

  beforeAll(async () => {
    world = await startDemoWorld();
    test = await startTestService(world.config);
    seedDemoHistory(test.service.sqlite!);
  });

  afterAll(async () => {
    await test?.stop();
    await world?.stop();
  });

  it.each(TARGETS)("leaves a healthy best route to %s (95% over the last hour)", async (target) => {
    const answer = await findBestRoute(test.service.store, target, test.service.config.bestRoute.minSuccessRate);
    expect(answer.reason).toBeNull();
    expect(answer.best).toMatchObject({ state: "up" });
  });
});

describe("the demo's live episodes", () => {
  /**
   * The demo probes every 10 s; best-route wants 95% success over the last
   * hour. Replaying three hours of the script, a target must have a route
   * that qualifies most of the time (it may not during an episode itself).
   */
  it.each(TARGETS)("leave %s a route that qualifies for best-route at least 90% of the time", (target) => {
    const STEP = 10_000;
    const HOUR = 3_600_000;
    const proxies = ["direct", "clash-hk", "office", "socks-sg (slow)"];
    const outcomes = new Map<string, boolean[]>(proxies.map((proxy) => [proxy, []]));
    let healthyMoments = 0;
    let moments = 0;
    for (let t = 0; t < 3 * HOUR; t += STEP) {
      let anyHealthy = false;
      for (const proxy of proxies) {
        const ok = demoScenario(PATH_OF[target]!, t) === "ok" && !(proxy === "clash-hk" && demoClashDown(t));
        const history = outcomes.get(proxy)!;
        history.push(ok);
        const lastHour = history.slice(-HOUR / STEP);
        const rate = lastHour.filter(Boolean).length / lastHour.length;
        if (ok && rate >= 0.95) anyHealthy = true;
      }
      moments += 1;
      if (anyHealthy) healthyMoments += 1;
    }
    expect(healthyMoments / moments).toBeGreaterThanOrEqual(0.9);
  });

  it("accepts the demo's own keys and refuses others, like the real API", async () => {
    const world = await startDemoWorld();
    try {
      const origin = /baseUrl: (\S+)\/main\/v1/.exec(world.config)![1]!;
      const right = await fetch(`${origin}/main/v1/models`, { headers: { authorization: `Bearer ${DEMO_API_KEYS.main}` } });
      expect(right.status).toBe(200);
      const wrong = await fetch(`${origin}/main/v1/models`, { headers: { authorization: "Bearer sk-not-the-demo-key-1234" } });
      expect(wrong.status).toBe(401);
      expect((await wrong.json()).error.code).toBe("invalid_api_key");
    } finally {
      await world.stop();
    }
  });
});
