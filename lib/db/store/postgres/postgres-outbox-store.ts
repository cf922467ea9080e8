import type pg from "pg";
import type { ClaimedMessage, ClaimRequest, DeliveryRow, DirectDelivery, FailedAttempt, NewOutboxMessage, OutboxStore } from "../outbox-store";
import { inTransaction, pgTime } from "./pg-pool";
import type { PgQueryable } from "./pg-queryable";

const DELIVERY_COLUMNS = `SELECT m.id, c.name AS channel, c.type AS "channelType", m.event, m.status, m.attempts, m."lastError", m."createdAt", m."sentAt", m."nextAttemptAt"
  FROM "OutboxMessage" m JOIN "NotificationChannel" c ON c.id = m."channelId"`;

/**
 * Queues a message for every enabled channel (or the given ones) in one
 * statement (atomic like SQLite's loop in a transaction). A channel holding
 * the event already draws an id and keeps it unused, as SQLite's INSERT OR
 * IGNORE does with its AUTOINCREMENT key, so ids stay the same on both.
 */
export async function enqueueOutboxMessage(db: PgQueryable, { eventKey, event, payloadJson, now, channelIds }: NewOutboxMessage): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO "OutboxMessage" ("channelId", "eventKey", event, payload, status, attempts, "nextAttemptAt", "createdAt")
     SELECT c.id, $1, $2, $3, 'pending', 0, $4, $4 FROM "NotificationChannel" c
      WHERE c.enabled AND ($5::int[] IS NULL OR c.id = ANY($5::int[]))
      ORDER BY c.id
     ON CONFLICT ("channelId", "eventKey") DO NOTHING`,
    [eventKey, event, payloadJson, pgTime(now), channelIds ?? null],
  );
  return rowCount ?? 0;
}

export class PostgresOutboxStore implements OutboxStore {
  constructor(private readonly pool: pg.Pool) {}

  enqueue(message: NewOutboxMessage): Promise<number> {
    return enqueueOutboxMessage(this.pool, message);
  }

  async dueChannels({ now, limit }: { now: number; limit: number }): Promise<number[]> {
    const { rows } = await this.pool.query<{ channelId: number }>(
      `SELECT "channelId" FROM "OutboxMessage"
        WHERE status IN ('pending', 'sending') AND "nextAttemptAt" <= $1
          AND "channelId" NOT IN (SELECT "channelId" FROM "OutboxMessage" WHERE status = 'sending' AND "nextAttemptAt" > $1)
        GROUP BY "channelId" ORDER BY MIN(id) LIMIT $2`,
      [pgTime(now), limit],
    );
    return rows.map((row) => row.channelId);
  }

  async claimNext({ channelId, now, dueBy, claimUntil }: ClaimRequest): Promise<ClaimedMessage | undefined> {
    return inTransaction(this.pool, async (client) => {
      // One claimer per channel at a time (a channel has one message in
      // flight): another process claiming for it now holds the channel's row,
      // and what it claims is the message we would take, so we take none.
      // Past this lock the live-claim check below sees every earlier claim
      // committed (read committed: each statement reads what was committed
      // before it started). NO KEY UPDATE does not block queuing (the foreign
      // key's KEY SHARE lock).
      const channel = await client.query<Pick<ClaimedMessage, "type" | "settingsSecret" | "lang">>(
        `SELECT type, "settingsSecret", lang FROM "NotificationChannel" WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED`,
        [channelId],
      );
      if (!channel.rows[0]) return undefined;
      // SKIP LOCKED: a message another transaction is writing (a lapsed
      // claim's holder marking it sent, say) is not taken over under it.
      const claimed = await client.query<Pick<ClaimedMessage, "id" | "channelId" | "payload" | "attempts">>(
        `UPDATE "OutboxMessage" SET status = 'sending', "nextAttemptAt" = $4
          WHERE id = (SELECT id FROM "OutboxMessage" WHERE "channelId" = $1 AND status IN ('pending', 'sending') AND "nextAttemptAt" <= $3 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" WHERE "channelId" = $1 AND status = 'sending' AND "nextAttemptAt" > $2)
          RETURNING id, "channelId", payload, attempts`,
        [channelId, pgTime(now), pgTime(Math.min(dueBy, now)), pgTime(claimUntil)],
      );
      const message = claimed.rows[0];
      return message && { ...message, ...channel.rows[0] };
    });
  }

  async markSent(id: number, sentAt: number): Promise<void> {
    await this.pool.query(`UPDATE "OutboxMessage" SET status = 'sent', attempts = attempts + 1, "sentAt" = $1, "lastError" = NULL WHERE id = $2`, [pgTime(sentAt), id]);
  }

  async release(id: number, at: number): Promise<void> {
    await this.pool.query(`UPDATE "OutboxMessage" SET status = 'pending', "nextAttemptAt" = $1 WHERE id = $2 AND status = 'sending'`, [pgTime(at), id]);
  }

  async recordFailure({ id, status, nextAttemptAt, lastError }: FailedAttempt): Promise<void> {
    await this.pool.query(`UPDATE "OutboxMessage" SET status = $1, attempts = attempts + 1, "nextAttemptAt" = $2, "lastError" = $3 WHERE id = $4`, [status, pgTime(nextAttemptAt), lastError, id]);
  }

  async recordDirect({ channelId, eventKey, event, payloadJson, startedAt, now, error }: DirectDelivery): Promise<number> {
    const { rows } = await this.pool.query<{ id: number }>(
      `INSERT INTO "OutboxMessage" ("channelId", "eventKey", event, payload, status, attempts, "nextAttemptAt", "lastError", "createdAt", "sentAt") VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9) RETURNING id`,
      [channelId, eventKey, event, payloadJson, error === null ? "sent" : "failed", pgTime(now), error, pgTime(startedAt), error === null ? pgTime(now) : null],
    );
    return rows[0]!.id;
  }

  async listDeliveries(limit: number): Promise<DeliveryRow[]> {
    return (await this.pool.query<DeliveryRow>(`${DELIVERY_COLUMNS} ORDER BY m.id DESC LIMIT $1`, [limit])).rows;
  }

  async getDelivery(id: number): Promise<DeliveryRow | undefined> {
    return (await this.pool.query<DeliveryRow>(`${DELIVERY_COLUMNS} WHERE m.id = $1`, [id])).rows[0];
  }
}
