import type { Sqlite } from "../db/sqlite";
import type { Lang } from "../i18n/messages";
import type { SecretBox } from "../secrets/secret-box";
import { CHANNEL_SENDERS, DeliveryError, type ChannelSettings } from "./channel-senders";
import type { NotificationPayload } from "./notification-payload";
import { redactDeliveryError, openChannelSettings } from "./redact-delivery-error";
import { renderMessage } from "./render-message";
import type { NotificationType } from "../config/config-schema";

export interface DeliveryPolicy {
  /** Delay before the first retry; doubled each time, up to an hour. */
  baseDelayMs: number;
  maxAttempts: number;
  /** How long a claimed message is ours before another worker may retry it. */
  claimMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { baseDelayMs: 30_000, maxAttempts: 8, claimMs: 60_000 };

/**
 * Queues a notification for every enabled channel (or the given ones). The
 * (channel, eventKey) pair is unique, so the same event is never queued
 * twice, whoever notices it and however often.
 */
export function enqueueNotification(db: Sqlite, payload: NotificationPayload, eventKey: string, now: number, channelIds?: number[]): number {
  const channels = (db.prepare(`SELECT id FROM "NotificationChannel" WHERE enabled = 1`).all() as Array<{ id: number }>)
    .map((row) => row.id)
    .filter((id) => !channelIds || channelIds.includes(id));
  const insert = db.prepare(
    `INSERT OR IGNORE INTO "OutboxMessage" (channelId, eventKey, event, payload, status, attempts, nextAttemptAt, createdAt) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)`,
  );
  let queued = 0;
  db.transaction(() => {
    for (const channelId of channels) queued += insert.run(channelId, eventKey, payload.event, JSON.stringify(payload), now, now).changes;
  })();
  return queued;
}

interface DueMessage {
  id: number;
  channelId: number;
  payload: string;
  attempts: number;
  type: NotificationType;
  settingsSecret: string;
  lang: Lang;
}

/**
 * Sends what is due: each message is claimed first (so two workers never send
 * it at once), then marked sent, or scheduled again with backoff, or failed
 * for good after `maxAttempts`. A claim left by a process that died is taken
 * over once it lapses: delivery is at least once, and every message carries
 * its event id so a receiver can drop a repeat.
 */
export async function deliverDue(db: Sqlite, box: SecretBox, now: number = Date.now(), policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): Promise<{ sent: number; retried: number; failed: number }> {
  const due = db
    .prepare(
      `SELECT m.id, m.channelId, m.payload, m.attempts, c.type, c.settingsSecret, c.lang
         FROM "OutboxMessage" m JOIN "NotificationChannel" c ON c.id = m.channelId
        WHERE m.status IN ('pending', 'sending') AND m.nextAttemptAt <= ? ORDER BY m.id LIMIT 50`,
    )
    .all(now) as DueMessage[];
  const claim = db.prepare(`UPDATE "OutboxMessage" SET status = 'sending', nextAttemptAt = ? WHERE id = ? AND status IN ('pending', 'sending') AND nextAttemptAt <= ?`);
  const done = db.prepare(`UPDATE "OutboxMessage" SET status = 'sent', attempts = attempts + 1, sentAt = ?, lastError = NULL WHERE id = ?`);
  const retry = db.prepare(`UPDATE "OutboxMessage" SET status = ?, attempts = attempts + 1, nextAttemptAt = ?, lastError = ? WHERE id = ?`);
  const report = { sent: 0, retried: 0, failed: 0 };
  for (const message of due) {
    if (claim.run(now + policy.claimMs, message.id, now).changes !== 1) continue;
    try {
      const payload = JSON.parse(message.payload) as NotificationPayload;
      const settings = JSON.parse(box.open(message.settingsSecret)) as ChannelSettings;
      const sender = CHANNEL_SENDERS[message.type] as (s: ChannelSettings, m: { payload: NotificationPayload; title: string; text: string }, now: number) => Promise<void>;
      await sender(settings, { payload, ...renderMessage(payload, message.lang) }, Date.now());
      done.run(Date.now(), message.id);
      report.sent += 1;
    } catch (error) {
      const reason = redactDeliveryError(error instanceof DeliveryError ? error.message : `unexpected: ${error instanceof Error ? error.message : String(error)}`, openChannelSettings(box, message.settingsSecret), message.type);
      const attempts = message.attempts + 1;
      const gaveUp = attempts >= policy.maxAttempts;
      const delay = Math.min(policy.baseDelayMs * 2 ** (attempts - 1), 3_600_000);
      retry.run(gaveUp ? "failed" : "pending", Date.now() + delay, reason.slice(0, 500), message.id);
      report[gaveUp ? "failed" : "retried"] += 1;
    }
  }
  return report;
}

export interface DeliveryRecord {
  id: number;
  channel: string;
  channelType: string;
  event: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

/** The delivery log, newest first. */
export function listDeliveries(db: Sqlite, limit: number): DeliveryRecord[] {
  const rows = db
    .prepare(
      `SELECT m.id, c.name AS channel, c.type AS channelType, m.event, m.status, m.attempts, m.lastError, m.createdAt, m.sentAt, m.nextAttemptAt
         FROM "OutboxMessage" m JOIN "NotificationChannel" c ON c.id = m.channelId ORDER BY m.id DESC LIMIT ?`,
    )
    .all(limit) as Array<Omit<DeliveryRecord, "createdAt" | "sentAt" | "nextAttemptAt"> & { createdAt: number; sentAt: number | null; nextAttemptAt: number }>;
  return rows.map((row) => ({
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    sentAt: row.sentAt === null ? null : new Date(row.sentAt).toISOString(),
    nextAttemptAt: row.status === "pending" ? new Date(row.nextAttemptAt).toISOString() : null,
  }));
}
