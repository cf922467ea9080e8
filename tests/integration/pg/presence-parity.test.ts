import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PresenceStore } from "@/lib/db/store/presence-store";
import { startTwoEngines, type TwoEngines } from "../../helpers/two-engines";

/**
 * Agents' presence on PostgreSQL against SQLite's (the specification): the
 * same heartbeats, flips and looks give the same answers and leave the same
 * Location rows; and on PostgreSQL, of processes flipping one location at
 * once exactly one sees the flip (it alone announces it).
 */
let two: TwoEngines;
const T0 = Date.UTC(2026, 10, 28, 9, 50, 0);

/** Agents: online and heard lately, online and silent, online and never heard, offline, revoked, and a probing location of the hub's kind. */
const AGENTS = [
  { name: "tokyo", region: "ap-northeast-1", online: true, lastSeenAt: T0 - 10_000, tokenHash: "h1" },
  { name: "frankfurt", region: null, online: true, lastSeenAt: T0 - 120_000, tokenHash: "h2" },
  { name: "virginia", region: "us-east-1", online: true, lastSeenAt: null, tokenHash: "h3" },
  { name: "sydney", region: null, online: false, lastSeenAt: T0 - 500_000, tokenHash: "h4" },
  { name: "old", region: null, online: true, lastSeenAt: T0 - 900_000, tokenHash: null, revokedAt: T0 - 800_000 },
];

beforeAll(async () => {
  two = await startTwoEngines("pp_presence");
  for (const prisma of two.prismas) {
    for (const { lastSeenAt, revokedAt, ...agent } of AGENTS) {
      await prisma.location.create({ data: { ...agent, kind: "agent", lastSeenAt: lastSeenAt === null ? null : new Date(lastSeenAt), revokedAt: revokedAt ? new Date(revokedAt) : null } });
    }
    // What alerts last said: folded flips for tokyo (2), sydney (1) and the revoked one; none for frankfurt; a key of another kind.
    const states = [
      { key: "agent:2", level: "agent.offline", lastSentAt: T0 - 60_000, suppressed: 2 },
      { key: "agent:2:offline", level: "agent.offline", lastSentAt: T0 - 60_000, suppressed: 5 },
      { key: "agent:3", level: "agent.online", lastSentAt: T0 - 30_000, suppressed: 0 },
      { key: "agent:5", level: "agent.online", lastSentAt: T0 - 300_000, suppressed: 1 },
      { key: "agent:6", level: "agent.online", lastSentAt: T0 - 300_000, suppressed: 4 },
      { key: "route:2", level: "down", lastSentAt: T0 - 300_000, suppressed: 3 },
    ];
    for (const { lastSentAt, ...state } of states) await prisma.alertState.create({ data: { ...state, lastSentAt: new Date(lastSentAt) } });
  }
}, 120_000);

afterAll(async () => {
  await two?.close();
});

/** Every Location column presence writes (updatedAt checked on its own: Prisma set it at seeding from the wall clock). */
async function locations(index: number): Promise<unknown[]> {
  const sql = `SELECT id, name, region, kind, online, "lastSeenAt", "agentVersion", spooled, "clockOffsetMs", "revokedAt" FROM "Location" ORDER BY id`;
  const rows = index === 0 ? (two.sqlite.prepare(sql).all() as Array<Record<string, unknown>>) : (await two.pool.query(sql)).rows;
  return rows.map((row) => ({ ...row, online: Number(row.online) }));
}

async function updatedAt(index: number, id: number): Promise<number> {
  const sql = `SELECT "updatedAt" FROM "Location" WHERE id = ${id}`;
  return index === 0 ? (two.sqlite.prepare(sql).get() as { updatedAt: number }).updatedAt : (await two.pool.query<{ updatedAt: number }>(sql)).rows[0]!.updatedAt;
}

async function both<T>(step: (store: PresenceStore) => Promise<T>): Promise<T> {
  const onSqlite = await step(two.stores[0].presence);
  const onPostgres = await step(two.stores[1].presence);
  expect(onPostgres).toEqual(onSqlite);
  return onSqlite;
}

describe("agents' presence on PostgreSQL does what it does on SQLite", () => {
  it("notes heartbeats, finds silent and folded locations, and flips presence alike", async () => {
    expect(await locations(1)).toEqual(await locations(0));
    // Ids as on SQLite: the hub 1, then the agents 2…6.
    expect(await both((s) => s.silentLocations(T0 - 60_000))).toEqual([
      { id: 3, name: "frankfurt", region: null, lastSeenAt: T0 - 120_000 },
      { id: 4, name: "virginia", region: "us-east-1", lastSeenAt: null },
      { id: 6, name: "old", region: null, lastSeenAt: T0 - 900_000 },
    ]);
    expect(await both((s) => s.silentLocations(T0 - 900_000))).toHaveLength(1);
    expect(await both((s) => s.silentLocations(T0 - 900_001))).toHaveLength(1);
    expect(await both((s) => s.foldedPresence(T0))).toHaveLength(2);
    expect(await both((s) => s.foldedPresence(T0 - 60_001))).toEqual([{ id: 5, name: "sydney", region: null, online: false, lastSeenAt: T0 - 500_000, level: "agent.online", lastSentAt: T0 - 300_000, suppressed: 1 }]);
    expect(await both((s) => s.foldedPresence(T0 - 300_001))).toEqual([]);

    // Heard from: an offline agent flips once; an online one never.
    expect(await both((s) => s.markSeen(5, T0 + 1000))).toBe(true);
    expect(await both((s) => s.markSeen(5, T0 + 2000))).toBe(false);
    expect(await both((s) => s.markSeen(2, T0 + 2500))).toBe(false);
    expect(await both((s) => s.markSeen(99, T0 + 2500))).toBe(false);
    for (const index of [0, 1]) expect(await updatedAt(index, 5)).toBe(T0 + 2000);
    await both((s) => s.saveHeartbeat({ locationId: 5, version: "1.4.0", spooled: 17, clockOffsetMs: -250 }));
    await both((s) => s.saveHeartbeat({ locationId: 2, version: "1.3.9", spooled: 0, clockOffsetMs: 12 }));

    // Gone silent: flipped once.
    expect(await both((s) => s.markOffline(3))).toBe(true);
    expect(await both((s) => s.markOffline(3))).toBe(false);
    expect(await both((s) => s.markOffline(99))).toBe(false);
    expect(await both((s) => s.silentLocations(T0 - 60_000))).toHaveLength(2);
    expect(await both((s) => s.foldedPresence(T0))).toEqual([
      { id: 2, name: "tokyo", region: "ap-northeast-1", online: true, lastSeenAt: T0 + 2500, level: "agent.offline", lastSentAt: T0 - 60_000, suppressed: 2 },
      { id: 5, name: "sydney", region: null, online: true, lastSeenAt: T0 + 2000, level: "agent.online", lastSentAt: T0 - 300_000, suppressed: 1 },
    ]);
    expect(await locations(1)).toEqual(await locations(0));
  });

  it("on PostgreSQL, of processes flipping one location at once exactly one sees the flip", async () => {
    const presence = two.stores[1].presence;
    for (let round = 0; round < 5; round++) {
      const seen = await Promise.all(Array.from({ length: 6 }, (_, i) => presence.markSeen(4, T0 + 10_000 * round + i)));
      expect(seen.filter(Boolean)).toHaveLength(round === 0 ? 0 : 1);
      const offline = await Promise.all(Array.from({ length: 6 }, () => presence.markOffline(4)));
      expect(offline.filter(Boolean)).toHaveLength(1);
    }
  });
});
