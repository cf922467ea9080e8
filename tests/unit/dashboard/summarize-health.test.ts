import { describe, expect, it } from "vitest";
import { summarizeHealth } from "@/lib/dashboard/summarize-health";
import type { RouteListing } from "@/lib/db/store/route-store";
import { emptyWindows } from "@/lib/monitoring/route-windows";
import type { RouteState } from "@/lib/monitoring/route-state";

let nextId = 1;
function listing(proxyId: number, targetId: number, state: RouteState, p50: number | null, lastFailure: { kind: string; at: string } | null = null): RouteListing {
  const windows = emptyWindows();
  windows["1h"] = { ...windows["1h"], p50 };
  return {
    id: nextId++,
    proxyId,
    proxyName: `p${proxyId}`,
    targetId,
    targetName: `t${targetId}`,
    provider: "openai",
    probe: "chat",
    enabled: state !== "paused",
    pausedBy: state === "paused" ? ["route"] : [],
    manualOnly: false,
    overrides: { intervalSeconds: null, latencyThresholdMs: null, latencyWindow: null },
    latency: { thresholdMs: null, window: 20 },
    targetSettings: { intervalSeconds: null, latencyThresholdMs: null, latencyWindow: null },
    state,
    stateSince: null,
    last: null,
    lastFailure,
    windows,
    skippedSlots: 0,
    windowsAt: null,
    locations: [],
  };
}

describe("summarizeHealth", () => {
  const routes = [
    listing(1, 10, "up", 100),
    listing(1, 11, "down", null, { kind: "timeout", at: "2026-11-29T10:00:00.000Z" }),
    listing(1, 12, "degraded", 300, { kind: "rate_limited", at: "2026-11-29T11:00:00.000Z" }),
    listing(1, 13, "paused", 200),
    listing(2, 10, "unknown", null),
    listing(2, 11, "up", 50),
  ];

  it("counts a proxy's routes by state, takes the median of their p50s and the newest failure", () => {
    const proxy = summarizeHealth(routes, "proxy").get(1)!;
    expect(proxy.counts).toEqual({ up: 1, degraded: 1, down: 1, paused: 1, unknown: 0 });
    expect(proxy.routes).toBe(4);
    expect(proxy.p50Ms).toBe(200); // median of 100, 300, 200
    expect(proxy.lastFailure).toEqual({ at: "2026-11-29T11:00:00.000Z", kind: "rate_limited", routeId: routes[2]!.id, targetName: "t12", proxyName: "p1" });
  });

  it.each([
    ["proxy", 2, { routes: 2, p50Ms: 50, lastFailure: null }],
    ["target", 10, { routes: 2, p50Ms: 100, lastFailure: null }],
    ["target", 11, { routes: 2, p50Ms: 50, lastFailure: expect.objectContaining({ kind: "timeout" }) }],
    ["target", 13, { routes: 1, p50Ms: 200, counts: expect.objectContaining({ paused: 1 }) }],
  ] as const)("by %s %i", (by, id, expected) => {
    expect(summarizeHealth(routes, by).get(id)).toMatchObject(expected);
  });

  it("has nothing for an object without routes, and an even count's median is the mean of the middle two", () => {
    expect(summarizeHealth(routes, "proxy").get(99)).toBeUndefined();
    expect(summarizeHealth([listing(5, 1, "up", 100), listing(5, 2, "up", 200)], "proxy").get(5)!.p50Ms).toBe(150);
  });
});
