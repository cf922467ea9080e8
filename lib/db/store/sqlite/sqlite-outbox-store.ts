import { prepared } from "../../prepared";
import type { Sqlite } from "../../sqlite";
import type { ClaimedMessage, ClaimRequest, DeliveryRow, DirectDelivery, FailedAttempt, NewOutboxMessage, OutboxStore } from "../outbox-store";

const DELIVERY_COLUMNS = `SELECT m.id, c.name AS channel, c.type AS channelType, m.event, m.status, m.attempts, m.lastError, m.createdAt, m.sentAt, m.nextAttemptAt
  FROM "OutboxMessage" m JOIN "NotificationChannel" c ON c.id = m.channelId`;

export class SqliteOutboxStore implements OutboxStore {
  constructor(private readonly sqlite: Sqlite) {}

  async enqueue({ eventKey, event, payloadJson, now, channelIds }: NewOutboxMessage): Promise<number> {
    const channels = (prepared(this.sqlite, `SELECT id FROM "NotificationChannel" WHERE enabled = 1`).all() as Array<{ id: number }>)
      .map((row) => row.id)
      .filter((id) => !channelIds || channelIds.includes(id));
    const insert = prepared(
      this.sqlite,
      `INSERT OR IGNORE INTO "OutboxMessage" (channelId, eventKey, event, payload, status, attempts, nextAttemptAt, createdAt) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`,
    );
    let queued = 0;
    this.sqlite.transaction(() => {
      for (const channelId of channels) queued += insert.run(channelId, eventKey, event, payloadJson, now, now).changes;
    })();
    return queued;
  }

  async dueChannels({ now, limit }: { now: number; limit: number }): Promise<number[]> {
    const rows = prepared(
      this.sqlite,
      `SELECT channelId FROM "OutboxMessage"
        WHERE status IN ('pending', 'sending') AND nextAttemptAt <= @now
          AND channelId NOT IN (SELECT channelId FROM "OutboxMessage" WHERE status = 'sending' AND nextAttemptAt > @now)
        GROUP BY channelId ORDER BY MIN(id) LIMIT @limit`,
    ).all({ now, limit }) as Array<{ channelId: number }>;
    return rows.map((row) => row.channelId);
  }

  async claimNext({ channelId, now, dueBy, claimUntil }: ClaimRequest): Promise<ClaimedMessage | undefined> {
    const claimed = prepared(
      this.sqlite,
      `UPDATE "OutboxMessage" SET status = 'sending', nextAttemptAt = @claimUntil
        WHERE id = (SELECT id FROM "OutboxMessage" WHERE channelId = @channelId AND status IN ('pending', 'sending') AND nextAttemptAt <= @dueBy ORDER BY id LIMIT 1)
          AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" WHERE channelId = @channelId AND status = 'sending' AND nextAttemptAt > @now)
        RETURNING id, channelId, payload, attempts`,
    ).get({ channelId, now, dueBy: Math.min(dueBy, now), claimUntil }) as Pick<ClaimedMessage, "id" | "channelId" | "payload" | "attempts"> | undefined;
    if (!claimed) return undefined;
    const channel = prepared(this.sqlite, `SELECT type, settingsSecret, lang FROM "NotificationChannel" WHERE id = ?`).get(channelId) as Pick<ClaimedMessage, "type" | "settingsSecret" | "lang">;
    return { ...claimed, ...channel };
  }

  async markSent(id: number, sentAt: number): Promise<void> {
    prepared(this.sqlite, `UPDATE "OutboxMessage" SET status = 'sent', attempts = attempts + 1, sentAt = ?, lastError = NULL WHERE id = ?`).run(sentAt, id);
  }

  async release(id: number, at: number): Promise<void> {
    prepared(this.sqlite, `UPDATE "OutboxMessage" SET status = 'pending', nextAttemptAt = ? WHERE id = ? AND status = 'sending'`).run(at, id);
  }

  async recordFailure({ id, status, nextAttemptAt, lastError }: FailedAttempt): Promise<void> {
    prepared(this.sqlite, `UPDATE "OutboxMessage" SET status = ?, attempts = attempts + 1, nextAttemptAt = ?, lastError = ? WHERE id = ?`).run(status, nextAttemptAt, lastError, id);
  }

  async recordDirect({ channelId, eventKey, event, payloadJson, startedAt, now, error }: DirectDelivery): Promise<number> {
    return Number(
      prepared(
        this.sqlite,
        `INSERT INTO "OutboxMessage" (channelId, eventKey, event, payload, status, attempts, nextAttemptAt, lastError, createdAt, sentAt) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
      ).run(channelId, eventKey, event, payloadJson, error === null ? "sent" : "failed", now, error, startedAt, error === null ? now : null).lastInsertRowid,
    );
  }

  async listDeliveries(limit: number): Promise<DeliveryRow[]> {
    return prepared(this.sqlite, `${DELIVERY_COLUMNS} ORDER BY m.id DESC LIMIT ?`).all(limit) as DeliveryRow[];
  }

  async getDelivery(id: number): Promise<DeliveryRow | undefined> {
    return prepared(this.sqlite, `${DELIVERY_COLUMNS} WHERE m.id = ?`).get(id) as DeliveryRow | undefined;
  }
}
