import { describe, expect, it } from "vitest";
import { scheduledKind, ScheduledKindPlan } from "@/lib/monitoring/plan-scheduled-kind";
import { TokenDayTallies, tokensOf } from "@/lib/monitoring/tally-token-days";
import { summarizeTokenDays } from "@/lib/monitoring/summarize-token-days";
import { freeProbeKind, kindCostsTokens } from "@/lib/providers/probe-cost";
import { PROVIDER_IDS } from "@/lib/providers/registry";

type Route = Parameters<typeof scheduledKind>[0];
const rounds = (route: Route, count: number) => Array.from({ length: count }, (_, round) => scheduledKind(route, round));

describe("scheduledKind", () => {
  it.each<[string, Route, string[]]>([
    ["every round paid (1)", { provider: "openai", probe: "chat", paidProbeEvery: 1 }, ["chat", "chat", "chat", "chat"]],
    ["every 3rd round paid, the first included", { provider: "openai", probe: "chat", paidProbeEvery: 3 }, ["chat", "models", "models", "chat", "models", "models", "chat"]],
    ["every 2nd, a streaming kind", { provider: "openai", probe: "chat-stream", paidProbeEvery: 2 }, ["chat-stream", "models", "chat-stream", "models"]],
    ["anthropic's paid kind alternates with its own free kind", { provider: "anthropic", probe: "messages", paidProbeEvery: 2 }, ["messages", "models", "messages", "models"]],
    ["gemini", { provider: "gemini", probe: "generate", paidProbeEvery: 3 }, ["generate", "models", "models", "generate"]],
    ["a free kind stays free whatever N (accepted nowhere above 1, but rows may hold it)", { provider: "openai", probe: "models", paidProbeEvery: 5 }, ["models", "models", "models"]],
  ])("%s", (_name, route, expected) => {
    expect(rounds(route, expected.length)).toEqual(expected);
  });

  it("every provider has a free kind to fall back on", () => {
    for (const provider of PROVIDER_IDS) {
      const free = freeProbeKind(provider);
      expect(free, provider).not.toBeNull();
      expect(kindCostsTokens(provider, free!)).toBe(false);
    }
  });
});

describe("ScheduledKindPlan", () => {
  const route = { id: 1, provider: "openai" as const, probe: "chat" as const, paidProbeEvery: 3, fingerprint: "a" };

  it("counts rounds per route and starts again with a paid round when the route's settings change", () => {
    const plan = new ScheduledKindPlan();
    const kinds = [plan.next(route), plan.next(route), plan.next({ ...route, id: 2 }), plan.next(route), plan.next(route), plan.next({ ...route, fingerprint: "b" }), plan.next({ ...route, fingerprint: "b" })];
    expect(kinds).toEqual(["chat", "models", "chat", "models", "chat", "chat", "models"]);
  });

  it("forgets routes that are gone", () => {
    const plan = new ScheduledKindPlan();
    plan.next(route);
    plan.retain([]);
    expect(plan.next(route)).toBe("chat");
  });
});

describe("token tallies", () => {
  it.each([
    ["no usage (a free or failed probe)", null, { prompt: 0, completion: 0 }],
    ["prompt and completion", { promptTokens: 9, completionTokens: 1, totalTokens: 10 }, { prompt: 9, completion: 1 }],
    ["a total only (embeddings)", { promptTokens: null, completionTokens: null, totalTokens: 6 }, { prompt: 6, completion: 0 }],
    ["nothing known", { promptTokens: null, completionTokens: null, totalTokens: null }, { prompt: 0, completion: 0 }],
  ])("reads %s", (_name, usage, expected) => {
    expect(tokensOf(usage)).toEqual(expected);
  });

  it("sums per target and UTC day, one entry per pair", () => {
    const midnight = Date.UTC(2026, 10, 30);
    const tallies = new TokenDayTallies();
    tallies.add(1, midnight - 1, { promptTokens: 5, completionTokens: 1, totalTokens: 6 });
    tallies.add(1, midnight, { promptTokens: 5, completionTokens: 1, totalTokens: 6 });
    tallies.add(1, midnight + 3_600_000, null);
    tallies.add(2, midnight, { promptTokens: 3, completionTokens: 2, totalTokens: 5 });
    expect(tallies.list()).toEqual([
      { targetId: 1, day: midnight - 86_400_000, promptTokens: 5, completionTokens: 1, probes: 1 },
      { targetId: 1, day: midnight, promptTokens: 5, completionTokens: 1, probes: 2 },
      { targetId: 2, day: midnight, promptTokens: 3, completionTokens: 2, probes: 1 },
    ]);
  });

  it("summarizes today and the 7 days shown, newest first, leaving out older rows", () => {
    const now = Date.UTC(2026, 10, 30, 6);
    const day = (n: number) => Date.UTC(2026, 10, 30 - n);
    const rows = [0, 1, 6, 7].map((n) => ({ targetId: 1, day: day(n), promptTokens: 10, completionTokens: 1, probes: 2 }));
    const tokens = summarizeTokenDays(rows, now).get(1)!;
    expect(tokens.today).toEqual({ promptTokens: 10, completionTokens: 1, probes: 2 });
    expect(tokens.last7Days).toEqual({ promptTokens: 30, completionTokens: 3, probes: 6 });
    expect(tokens.days.map((entry) => entry.day)).toEqual(["2026-11-30", "2026-11-29", "2026-11-24"]);
  });
});
