// Issue 10 (item 1): the route page's summary gives every figure for the
// range shown (uptime, p50, p95, probes), not latency for the last hour
// beside uptime for the range. On SQLite, and on PostgreSQL in the
// "postgresql" project (vitest.config.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { getRouteDetail, type RangeName } from "@/lib/dashboard/get-route-detail";
import type { ResultToRecord } from "@/lib/db/store/result-store";
import { makeResult } from "../helpers/make-result";
import { createTestStore, type TestStore } from "../helpers/test-store";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = Date.parse("2026-11-29T12:36:30.000Z");
let temp: TestStore;
let routeId: number;

beforeAll(async () => {
  temp = await createTestStore();
  const target = await temp.prisma.target.create({ data: { name: "t", baseUrl: "https://api.test/v1", model: "m" } });
  const proxy = await temp.prisma.proxy.create({ data: { name: "p", url: "direct" } });
  routeId = (await temp.prisma.route.create({ data: { proxyId: proxy.id, targetId: target.id } })).id;
  const batch: ResultToRecord[] = [];
  const add = (kind: OutcomeKind, at: number, ms: number | null) => batch.push({ routeId, targetId: target.id, result: makeResult(kind, at, ms) });
  // Last hour: 10 fast successes.
  for (let i = 0; i < 10; i++) add("ok", now - (i + 1) * 5 * MINUTE, 100);
  // Five hours ago: 30 slow successes and 10 timeouts.
  for (let i = 0; i < 40; i++) add(i < 30 ? "ok" : "timeout", now - 5 * HOUR - i * MINUTE, i < 30 ? 900 : 15_000);
  // Three days ago: 20 failures.
  for (let i = 0; i < 20; i++) add("proxy_unreachable", now - 72 * HOUR - i * MINUTE, null);
  await temp.store.results.record(batch, { downAfterFailures: 3, upAfterSuccesses: 2 }, now);
});

afterAll(async () => {
  await temp?.cleanup();
});

describe("the summary of a route's range", () => {
  it.each([
    // range, probes, ok, median latency around, p95 around
    ["1h", 10, 10, 100, 100],
    ["24h", 50, 40, 900, 900],
    ["7d", 70, 40, 900, 900],
    ["30d", 70, 40, 900, 900],
  ] as const)("%s: %i probes, %i ok, p50 ≈ %i ms, p95 ≈ %i ms", async (range: RangeName, total, ok, p50, p95) => {
    const { summary } = (await getRouteDetail(temp.store, routeId, range, now)).series;
    expect(summary.total).toBe(total);
    expect(summary.ok).toBe(ok);
    expect(summary.uptime).toBeCloseTo(ok / total, 6);
    // Quantiles come from latency histograms: near the true value, not equal to it.
    expect(Math.abs(summary.p50! - p50) / p50).toBeLessThan(0.15);
    expect(Math.abs(summary.p95! - p95) / p95).toBeLessThan(0.15);
  });

  it("agrees with the chart's own points on counts", async () => {
    for (const range of ["1h", "24h", "7d", "30d"] as const) {
      const { points, summary } = (await getRouteDetail(temp.store, routeId, range, now)).series;
      expect(points.reduce((sum, point) => sum + point.total, 0), range).toBe(summary.total);
      expect(points.reduce((sum, point) => sum + point.ok, 0), range).toBe(summary.ok);
    }
  });
});
