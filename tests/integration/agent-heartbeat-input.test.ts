import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as heartbeat from "@/app/api/agent/heartbeat/route";
import { hashAgentToken, newAgentToken } from "@/lib/locations/agent-token";
import { call, startTestService, type TestService } from "../helpers/test-service";

// Hostile heartbeats: each bad field a 400 that names it, and nothing of it
// stored; extreme but valid clocks are stored within the INT column's range.

let test: TestService;
let token: string;
let locationId: number;

beforeAll(async () => {
  test = await startTestService(`
targets: []
proxies:
  - name: direct
    url: direct
`);
  token = newAgentToken();
  const now = Date.now();
  locationId = Number(
    test.service.sqlite!.prepare(`INSERT INTO "Location" (name, kind, source, tokenHash, createdAt, updatedAt) VALUES ('beat', 'agent', 'api', ?, ?, ?)`).run(hashAgentToken(token), now, now).lastInsertRowid,
  );
});

afterAll(async () => {
  await test?.stop();
});

const good = () => ({ version: "0.1.0", sentAt: new Date().toISOString(), spooled: 0, dropped: 0 });
const row = () => test.service.sqlite!.prepare(`SELECT agentVersion, spooled, clockOffsetMs FROM "Location" WHERE id = ?`).get(locationId) as { agentVersion: string | null; spooled: number; clockOffsetMs: number | null };

describe("a heartbeat's fields", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["a version of 10 KB", { version: "1".repeat(10_000) }, /version/],
    ["a version with a line break", { version: "0.1.0\nFAKE LOG LINE" }, /version must be printable ASCII/],
    ["a version with a bidi override", { version: "0.1.0\u202e" }, /version must be printable ASCII/],
    ["a version with a zero-width space", { version: "0.1\u200b.0" }, /version must be printable ASCII/],
    ["a version with a NUL", { version: "0.1.0\u0000" }, /version must be printable ASCII/],
    ["a negative spool", { spooled: -1 }, /spooled/],
    ["a spool past 2^53", { spooled: 2 ** 60 }, /spooled/],
    ["a fractional spool", { spooled: 1.5 }, /spooled/],
    ["a sentAt that is not a time", { sentAt: "yesterday" }, /sentAt must be an ISO 8601 time/],
    ["a sentAt as a number", { sentAt: Date.now() }, /sentAt/],
  ])("refuses %s (400, nothing stored)", async (_name, change, message) => {
    const before = row();
    const answer = await call(heartbeat.POST, { method: "POST", path: "/api/agent/heartbeat", body: { ...good(), ...change }, token });
    expect(answer.status).toBe(400);
    expect(answer.json.error.message).toMatch(message);
    expect(row()).toEqual(before);
  });

  it.each([
    ["the year 0000", "0000-01-01T00:00:00Z", 2 ** 31 - 1],
    ["the year 9999", "9999-12-31T23:59:59Z", -(2 ** 31)],
  ])("stores an absurd clock (%s) as an offset within the INT column", async (_name, sentAt, offset) => {
    const answer = await call(heartbeat.POST, { method: "POST", path: "/api/agent/heartbeat", body: { ...good(), sentAt }, token });
    expect(answer.status).toBe(200);
    expect(row().clockOffsetMs).toBe(offset);
  });
});
