import { describe, expect, it } from "vitest";
import { MAX_SHARED_CLIENTS, sharedClientCount, sharedClientFor } from "@/lib/probe/shared-clients";
import { loadProvider } from "@/lib/providers/registry";

const openai = await loadProvider("openai");
const settings = (i: number) => ({ baseUrl: `https://127.0.0.1:${1024 + (i % 60_000)}/v${i}`, apiKey: `sk-churn-${i}`, timeoutMs: 10_000 });

describe("shared SDK clients", () => {
  it("gives the routes of one target the same client, and another for other settings", () => {
    const first = sharedClientFor(openai, settings(1));
    expect(sharedClientFor(openai, settings(1))).toBe(first);
    expect(sharedClientFor(openai, { ...settings(1), apiKey: "sk-rotated" })).not.toBe(first);
    expect(sharedClientFor(openai, { ...settings(1), timeoutMs: 5_000 })).not.toBe(first);
  });

  it("keeps at most MAX_SHARED_CLIENTS while settings churn (keys rotated, targets renamed), dropping the oldest", () => {
    const oldest = sharedClientFor(openai, settings(-1));
    for (let i = 0; i < MAX_SHARED_CLIENTS + 500; i++) sharedClientFor(openai, settings(i));
    expect(sharedClientCount()).toBe(MAX_SHARED_CLIENTS);
    // The oldest was dropped: asking again makes a new one.
    expect(sharedClientFor(openai, settings(-1))).not.toBe(oldest);
    expect(sharedClientCount()).toBe(MAX_SHARED_CLIENTS);
  });
});
