import { describe, expect, it } from "vitest";
import { arrangeQuotas } from "@/lib/dashboard/arrange-quotas";
import type { TargetQuota } from "@/lib/dashboard/list-quotas";

/** A target's quota: "x" exhausted, "s" seen (facts, not exhausted), "-" never seen. */
function quota(targetName: string, fact: "x" | "s" | "-"): TargetQuota {
  const at = fact === "-" ? null : "2026-11-30T05:00:00.000Z";
  return { targetId: targetName.length, targetName, at, limitRequests: null, remainingRequests: null, resetRequestsAt: null, limitTokens: null, remainingTokens: null, resetTokensAt: null, exhausted: fact === "x", location: null };
}

const names = (quotas: TargetQuota[]) => quotas.map((q) => q.targetName);

type Case = { name: string; input: Array<[string, "x" | "s" | "-"]>; cards: number; expected: { cards: string[]; more: string[]; unseen: string[] } };

describe("arrangeQuotas", () => {
  it.each<Case>([
    { name: "nothing", input: [], cards: 2, expected: { cards: [], more: [], unseen: [] } },
    { name: "never-seen targets are named, not carded", input: [["a", "-"], ["b", "-"]], cards: 2, expected: { cards: [], more: [], unseen: ["a", "b"] } },
    { name: "exhausted first, then by name", input: [["d", "s"], ["c", "x"], ["a", "s"], ["b", "x"]], cards: 10, expected: { cards: ["b", "c", "a", "d"], more: [], unseen: [] } },
    { name: "past the card count: compact lines, same order", input: [["e", "s"], ["d", "x"], ["c", "s"], ["b", "-"], ["a", "s"]], cards: 2, expected: { cards: ["d", "a"], more: ["c", "e"], unseen: ["b"] } },
    { name: "more exhausted than cards: the rest of them lead the lines", input: [["a", "s"], ["b", "x"], ["c", "x"], ["d", "x"]], cards: 2, expected: { cards: ["b", "c"], more: ["d", "a"], unseen: [] } },
  ])("$name", ({ input, cards, expected }) => {
    const arranged = arrangeQuotas(input.map(([name, fact]) => quota(name, fact)), cards);
    expect({ cards: names(arranged.cards), more: names(arranged.more), unseen: arranged.unseen }).toEqual(expected);
  });

  // Being out of credit is the one fact that must show, with or without a snapshot time.
  it("an exhausted target with no snapshot time gets a card", () => {
    const broke = { ...quota("broke", "-"), exhausted: true };
    expect(names(arrangeQuotas([quota("a", "-"), broke]).cards)).toEqual(["broke"]);
  });
});
