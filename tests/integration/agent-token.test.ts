import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { findLocationByToken, hashAgentToken, looksLikeAgentToken, newAgentToken } from "@/lib/locations/agent-token";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

let temp: TempDatabase | undefined;
afterEach(async () => {
  await temp?.cleanup();
  temp = undefined;
});

describe("agent tokens", () => {
  it("are ppa_ and 256 random bits in base64url, each new", () => {
    const tokens = Array.from({ length: 50 }, newAgentToken);
    for (const token of tokens) {
      expect(token).toMatch(/^ppa_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(50);
  });

  it("hash as SHA-256 hex", () => {
    const token = newAgentToken();
    expect(hashAgentToken(token)).toBe(createHash("sha256").update(token).digest("hex"));
    expect(hashAgentToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("find their location by the hash, refusing what is unknown, malformed, revoked or the hub's", async () => {
    temp = await createTempDatabase();
    const [live, revoked, hubs] = [newAgentToken(), newAgentToken(), newAgentToken()];
    const location = await temp.db.location.create({ data: { name: "hk", region: "Hong Kong", tokenHash: hashAgentToken(live) } });
    // revokedAt alone refuses the token, whatever path left a hash behind.
    await temp.db.location.create({ data: { name: "old", tokenHash: hashAgentToken(revoked), revokedAt: new Date() } });
    await temp.db.location.update({ where: { id: 1 }, data: { tokenHash: hashAgentToken(hubs) } });
    {
      const cases: Array<[string, string, unknown]> = [
        ["the live token", live, { id: location.id, name: "hk", region: "Hong Kong", clockOffsetMs: null }],
        ["an unknown token", newAgentToken(), null],
        ["a revoked location's token", revoked, null],
        ["a token stored on the hub's own row", hubs, null],
        ["the token's hash itself", hashAgentToken(live), null],
        ["the token with a space", ` ${live}`, null],
        ["an empty text", "", null],
        ["the token cut short", live.slice(0, -1), null],
      ];
      for (const [label, token, expected] of cases) expect(await findLocationByToken(temp.db, token), label).toEqual(expected);
      expect(looksLikeAgentToken(live)).toBe(true);
    }
  });
});
