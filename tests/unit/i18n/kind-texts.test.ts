import { describe, expect, it } from "vitest";
import { OUTCOME_KIND_NAMES } from "@/lib/classify/kinds";
import { isKnownKind, KIND_TEXTS, kindHints, kindTexts } from "@/lib/i18n/kind-texts";
import { MESSAGES } from "@/lib/i18n/messages";

const LANGS = Object.keys(MESSAGES) as Array<keyof typeof MESSAGES>;

describe("kind texts", () => {
  it("name every outcome kind and 'slow', with a title and a hint in every language", () => {
    expect(Object.keys(KIND_TEXTS).sort()).toEqual([...OUTCOME_KIND_NAMES, "slow"].sort());
    for (const text of Object.values(KIND_TEXTS)) {
      for (const lang of LANGS) {
        expect(text.title[lang].trim().length).toBeGreaterThan(0);
        expect(text.hint[lang].trim().length).toBeGreaterThan(10);
      }
    }
  });

  it("read a kind this version does not know as unknown, and say it is not known", () => {
    expect(kindTexts("from_a_newer_version")).toBe(KIND_TEXTS.unknown);
    expect(kindTexts(null)).toBe(KIND_TEXTS.unknown);
    expect(isKnownKind("from_a_newer_version")).toBe(false);
    expect(isKnownKind("toString")).toBe(false);
    expect(isKnownKind("slow")).toBe(true);
    expect(kindHints("timeout")).toEqual(KIND_TEXTS.timeout.hint);
    expect(kindHints("timeout")).not.toBe(KIND_TEXTS.timeout.hint);
  });
});
