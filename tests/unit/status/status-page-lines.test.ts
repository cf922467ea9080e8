import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import type { RouteState } from "@/lib/monitoring/route-state";
import { renderStatusHtml } from "@/lib/status/render-status-html";

function pageWith(states: RouteState[]) {
  const routes = states.map((state, i) => ({
    id: i + 1,
    name: `api via p${i}`,
    target: "api",
    proxy: `p${i}`,
    state,
    uptime24h: 1,
    uptime7d: 1,
    p50Ms1h: 120,
    lastCheckedAt: "2026-11-29T12:00:00.000Z",
    lastOk: state !== "down",
    stateSince: null,
  }));
  return { overall: "degraded" as const, updatedAt: "2026-11-29T12:00:00.000Z", routes, days: {}, maintenance: {}, plannedMaintenance: [], incidents: [] };
}

const overallText = (states: RouteState[]) => /data-testid="overall">([^<]*)</.exec(renderStatusHtml(pageWith(states), { m: MESSAGES.en, lang: "en", theme: "system" }))?.[1];

describe("the status page's overall line", () => {
  it.each([
    [["up", "degraded"], "Some routes degraded"],
    [["up", "down"], "Partial outage"],
    [["degraded", "down", "up"], "Partial outage"],
  ] as Array<[RouteState[], string]>)("%j reads %s", (states, text) => {
    expect(overallText(states)).toBe(text);
  });
});

describe("a route's latency line on the status page", () => {
  const html = (state: RouteState) => {
    const page = { ...pageWith([state]), overall: "up" as const };
    return renderStatusHtml(page, { m: MESSAGES.en, lang: "en", theme: "system" });
  };
  it("shows the current latency of a working route", () => {
    expect(html("up")).toContain(`${MESSAGES.en.status.current}: 120 ms`);
  });
  it.each(["paused", "down"] as RouteState[])("shows none for a %s route", (state) => {
    expect(html(state)).not.toContain(`${MESSAGES.en.status.current}:`);
  });
});
