import { describe, expect, it } from "vitest";
import { filterRoutes, isFiltering, overviewHref, parseOverviewFilter } from "@/lib/dashboard/filter-routes";
import type { RouteState } from "@/lib/monitoring/route-state";

const ROUTES: Array<{ id: string; state: RouteState; targetName: string; proxyName: string }> = [
  { id: "openai/clash", state: "down", targetName: "openai", proxyName: "clash-hk" },
  { id: "openai/direct", state: "up", targetName: "openai", proxyName: "direct" },
  { id: "deepseek/clash", state: "degraded", targetName: "DeepSeek", proxyName: "clash-hk" },
  { id: "deepseek/office", state: "unknown", targetName: "DeepSeek", proxyName: "office" },
  { id: "azure/office", state: "down", targetName: "azure", proxyName: "office" },
];

describe("filterRoutes", () => {
  it.each<[string, Record<string, string | string[] | undefined>, string[]]>([
    ["no filter", {}, ["openai/clash", "openai/direct", "deepseek/clash", "deepseek/office", "azure/office"]],
    ["empty values are no filter", { state: "", target: "  ", proxy: "", q: "" }, ["openai/clash", "openai/direct", "deepseek/clash", "deepseek/office", "azure/office"]],
    ["state down", { state: "down" }, ["openai/clash", "azure/office"]],
    ["state up", { state: "up" }, ["openai/direct"]],
    ["state degraded", { state: "degraded" }, ["deepseek/clash"]],
    ["state unknown", { state: "unknown" }, ["deepseek/office"]],
    ["a state that is not one is dropped", { state: "sideways" }, ["openai/clash", "openai/direct", "deepseek/clash", "deepseek/office", "azure/office"]],
    ["target, ignoring case", { target: "deepseek" }, ["deepseek/clash", "deepseek/office"]],
    ["target is the whole name, not a part", { target: "deep" }, []],
    ["proxy", { proxy: "office" }, ["deepseek/office", "azure/office"]],
    ["state and target together", { state: "down", target: "openai" }, ["openai/clash"]],
    ["free text in the proxy name", { q: "clash" }, ["openai/clash", "deepseek/clash"]],
    ["free text in the target name, ignoring case", { q: "SEEK" }, ["deepseek/clash", "deepseek/office"]],
    ["free text words each on their own", { q: "openai  clash" }, ["openai/clash"]],
    ["free text as the route's name", { q: "azure via office" }, ["azure/office"]],
    ["the example link", { state: "down", target: "openai", q: "clash" }, ["openai/clash"]],
    ["nothing matches", { state: "up", proxy: "office" }, []],
    ["a repeated parameter takes the first", { state: ["up", "down"] }, ["openai/direct"]],
  ])("%s", (_name, query, expected) => {
    expect(filterRoutes(ROUTES, parseOverviewFilter(query)).map((route) => route.id)).toEqual(expected);
  });

  it.each<[Record<string, string | undefined>, boolean]>([
    [{}, false],
    [{ state: "bogus", q: " " }, false],
    [{ state: "down" }, true],
    [{ q: "x" }, true],
    [{ target: "openai" }, true],
    [{ proxy: "office" }, true],
  ])("isFiltering(%o) is %s", (query, expected) => {
    expect(isFiltering(parseOverviewFilter(query))).toBe(expected);
  });

  it.each<[Record<string, string | undefined>, string]>([
    [{}, "/"],
    [{ state: "bogus", q: "  " }, "/"],
    [{ state: "down", target: "openai", q: "clash" }, "/?state=down&target=openai&q=clash"],
    [{ proxy: "hk & jp", q: "a b" }, "/?proxy=hk+%26+jp&q=a+b"],
  ])("overviewHref(%o) is %s", (query, expected) => {
    expect(overviewHref(parseOverviewFilter(query))).toBe(expected);
    // The link parses back to the same filters.
    expect(parseOverviewFilter(Object.fromEntries(new URL(expected, "http://x").searchParams))).toEqual(parseOverviewFilter(query));
  });
});
