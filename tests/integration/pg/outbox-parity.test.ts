import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxStore } from "@/lib/db/store/outbox-store";
import { createPgPool } from "@/lib/db/store/postgres/pg-pool";
import { PostgresStore } from "@/lib/db/store/postgres/postgres-store";
import { startTwoEngines, type TwoEngines } from "../../helpers/two-engines";

/**
 * The outbox on PostgreSQL against SQLite's (the specification): the same
 * queueing, claims, sends, failures, releases and direct sends give the same
 * answers (ids included) and leave the same rows; and on PostgreSQL,
 * claimers racing from two pools (two hub processes) never claim one message
 * twice nor two messages of one channel at once.
 */
let two: TwoEngines;
const T0 = Date.UTC(2026, 10, 28, 9, 50, 0);

beforeAll(async () => {
  two = await startTwoEngines("pp_outbox");
  // Four channels on both, the third disabled.
  for (const prisma of two.prismas) {
    for (const [i, enabled] of [true, true, false, true].entries()) {
      await prisma.notificationChannel.create({ data: { name: `c${i + 1}`, type: i % 2 ? "slack" : "webhook", settingsSecret: `sealed-${i + 1}`, lang: i === 1 ? "zh" : "en", enabled } });
    }
  }
}, 120_000);

afterAll(async () => {
  await two?.close();
});

/** Every OutboxMessage row, comparable across engines (times in ms). */
async function rows(index: number): Promise<unknown[]> {
  const sql = `SELECT id, "channelId", "eventKey", event, payload, status, attempts, "nextAttemptAt", "lastError", "createdAt", "sentAt" FROM "OutboxMessage" ORDER BY id`;
  return index === 0 ? two.sqlite.prepare(sql).all() : (await two.pool.query(sql)).rows;
}

/** Runs the same step on both outboxes; their answers must be equal. */
async function both<T>(step: (outbox: OutboxStore) => Promise<T>): Promise<T> {
  const onSqlite = await step(two.stores[0].outbox);
  const onPostgres = await step(two.stores[1].outbox);
  expect(onPostgres).toEqual(onSqlite);
  return onSqlite;
}

const message = (eventKey: string, now: number, channelIds?: number[]) => ({ eventKey, event: "route.down", payloadJson: JSON.stringify({ id: eventKey, n: now }), now, channelIds });

describe("the PostgreSQL outbox does what the SQLite outbox does", () => {
  it("queues once per channel and event, claims the oldest due message per channel, and logs deliveries alike", async () => {
    // Queuing: every enabled channel, again (nothing), chosen channels (a disabled one left out), none.
    expect(await both((o) => o.enqueue(message("e1", T0)))).toBe(3);
    expect(await both((o) => o.enqueue(message("e1", T0 + 10)))).toBe(0);
    expect(await both((o) => o.enqueue(message("e2", T0 + 20, [2, 3])))).toBe(1);
    expect(await both((o) => o.enqueue(message("e3", T0 + 30, [])))).toBe(0);
    expect(await both((o) => o.enqueue(message("e4", T0 + 1000)))).toBe(3);
    expect(await both((o) => o.enqueue(message("e2", T0 + 2000)))).toBe(2);
    expect(await both((o) => o.dueChannels({ now: T0 - 1, limit: 10 }))).toEqual([]);
    expect(await both((o) => o.dueChannels({ now: T0 + 5000, limit: 10 }))).toEqual([1, 2, 4]);
    expect(await both((o) => o.dueChannels({ now: T0 + 5000, limit: 2 }))).toEqual([1, 2]);

    // A claim takes the oldest due message; the channel then has one in flight.
    const first = await both((o) => o.claimNext({ channelId: 1, now: T0 + 5000, dueBy: T0 + 5000, claimUntil: T0 + 65_000 }));
    expect(first).toMatchObject({ channelId: 1, attempts: 0, type: "webhook", settingsSecret: "sealed-1", lang: "en" });
    expect(await both((o) => o.claimNext({ channelId: 1, now: T0 + 5000, dueBy: T0 + 5000, claimUntil: T0 + 65_000 }))).toBeUndefined();
    expect(await both((o) => o.dueChannels({ now: T0 + 5000, limit: 10 }))).toEqual([2, 4]);
    // Nothing due by dueBy (the messages are newer), and dueBy past now counts as now.
    expect(await both((o) => o.claimNext({ channelId: 2, now: T0 + 5000, dueBy: T0 - 1, claimUntil: T0 + 65_000 }))).toBeUndefined();
    const second = await both((o) => o.claimNext({ channelId: 2, now: T0 + 5, dueBy: T0 + 9_999_999, claimUntil: T0 + 65_000 }));
    expect(second).toMatchObject({ channelId: 2, lang: "zh", type: "slack" });
    // Channel without messages, channel unknown.
    expect(await both((o) => o.claimNext({ channelId: 3, now: T0 + 5000, dueBy: T0 + 5000, claimUntil: T0 + 65_000 }))).toBeUndefined();
    expect(await both((o) => o.claimNext({ channelId: 99, now: T0 + 5000, dueBy: T0 + 5000, claimUntil: T0 + 65_000 }))).toBeUndefined();

    await both((o) => o.markSent(first!.id, T0 + 6000));
    const next = await both((o) => o.claimNext({ channelId: 1, now: T0 + 6000, dueBy: T0 + 6000, claimUntil: T0 + 66_000 }));
    expect(next!.id).toBeGreaterThan(first!.id);
    await both((o) => o.recordFailure({ id: next!.id, status: "pending", nextAttemptAt: T0 + 40_000, lastError: "timeout after 15 s" }));
    // Released back; releasing a message no longer claimed changes nothing.
    await both((o) => o.release(second!.id, T0 + 7000));
    await both((o) => o.release(first!.id, T0 + 7000));
    const again = await both((o) => o.claimNext({ channelId: 2, now: T0 + 7000, dueBy: T0 + 7000, claimUntil: T0 + 67_000 }));
    expect(again!.id).toBe(second!.id);
    await both((o) => o.recordFailure({ id: again!.id, status: "failed", nextAttemptAt: T0 + 7000, lastError: "HTTP 404" }));

    // A lapsed claim is taken over.
    const short = await both((o) => o.claimNext({ channelId: 4, now: T0 + 5000, dueBy: T0 + 5000, claimUntil: T0 + 10_000 }));
    expect(await both((o) => o.claimNext({ channelId: 4, now: T0 + 9000, dueBy: T0 + 9000, claimUntil: T0 + 70_000 }))).toBeUndefined();
    const taken = await both((o) => o.claimNext({ channelId: 4, now: T0 + 20_000, dueBy: T0 + 20_000, claimUntil: T0 + 80_000 }));
    expect(taken!.id).toBe(short!.id);
    expect(await both((o) => o.dueChannels({ now: T0 + 50_000, limit: 10 }))).toEqual([2, 1]);

    // Direct sends, then the log.
    const sent = await both((o) => o.recordDirect({ channelId: 2, eventKey: "test:1", event: "test", payloadJson: "{}", startedAt: T0 + 8000, now: T0 + 8500, error: null }));
    const failed = await both((o) => o.recordDirect({ channelId: 3, eventKey: "test:2", event: "test", payloadJson: "{}", startedAt: T0 + 9000, now: T0 + 9700, error: "HTTP 500" }));
    expect(failed).toBe(sent + 1);
    expect(await both((o) => o.listDeliveries(3))).toHaveLength(3);
    const log = await both((o) => o.listDeliveries(100));
    expect(log.map((row) => row.status)).toContain("failed");
    expect(await both((o) => o.getDelivery(sent))).toMatchObject({ channel: "c2", channelType: "slack", status: "sent", sentAt: T0 + 8500 });
    expect(await both((o) => o.getDelivery(first!.id))).toMatchObject({ status: "sent", attempts: 1, lastError: null, sentAt: T0 + 6000 });
    expect(await both((o) => o.getDelivery(9999))).toBeUndefined();

    const [a, b] = [await rows(0), await rows(1)];
    expect(a).toHaveLength(11);
    expect(b).toEqual(a);
  });

  it("on PostgreSQL, claimers racing from two processes never take one message twice, nor two of one channel at once", { timeout: 60_000 }, async () => {
    await two.pool.query(`DELETE FROM "OutboxMessage"`);
    const other = createPgPool(two.pgUrl);
    try {
      const hubs = [two.stores[1].outbox, new PostgresStore(other).outbox];
      for (let i = 0; i < 8; i++) await hubs[0]!.enqueue(message(`race:${i}`, T0 + i));
      const queued = (await two.pool.query<{ id: number; channelId: number }>(`SELECT id, "channelId" FROM "OutboxMessage" ORDER BY id`)).rows;
      expect(queued).toHaveLength(24);
      const claimedIds: number[] = [];
      let now = T0 + 100_000;
      for (let round = 0; round < 12 && claimedIds.length < queued.length; round++) {
        now += 1000;
        // Six claimers per channel, alternating between the two processes.
        const claims = await Promise.all(
          [1, 2, 4].flatMap((channelId) => Array.from({ length: 6 }, (_, i) => hubs[i % 2]!.claimNext({ channelId, now, dueBy: now, claimUntil: now + 60_000 }))),
        );
        const won = claims.filter((claim) => claim !== undefined);
        // One message in flight per channel: each channel's oldest, once.
        expect(won.map((claim) => claim.channelId).sort()).toEqual([1, 2, 4]);
        for (const claim of won) {
          expect(claim.id).toBe(queued.find((row) => row.channelId === claim.channelId && !claimedIds.includes(row.id))!.id);
          claimedIds.push(claim.id);
          await hubs[round % 2]!.markSent(claim.id, now);
        }
      }
      expect(claimedIds.sort((x, y) => x - y)).toEqual(queued.map((row) => row.id));
    } finally {
      await other.end();
    }
  });
});
