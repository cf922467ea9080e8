import type { Sqlite } from "../db/sqlite";
import type { Lang } from "../i18n/messages";
import type { SecretBox } from "../secrets/secret-box";
import { channelType, type ChannelSettings, type NotificationType } from "./channel-registry";
import { DeliveryError } from "./delivery-error";
import type { NotificationPayload } from "./notification-payload";
import { redactDeliveryError, openChannelSettings } from "./redact-delivery-error";
import { renderMessage } from "./render-message";

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

/** A message claimed for sending, with what its channel needs. */
export interface ClaimedMessage {
  id: number;
  channelId: number;
  payload: string;
  attempts: number;
  type: NotificationType;
  settingsSecret: string;
  lang: Lang;
}

export type DeliveryOutcome = "sent" | "retried" | "failed" | "released";

/**
 * The channels with something due, oldest first (so no channel starves),
 * leaving out those the caller is already serving and those another process
 * is sending to (their next message waits for that send anyway).
 */
export function dueChannels(db: Sqlite, now: number, busy: ReadonlySet<number>, limit: number): number[] {
  if (limit <= 0) return [];
  const rows = db
    .prepare(
      `SELECT channelId FROM "OutboxMessage"
        WHERE status IN ('pending', 'sending') AND nextAttemptAt <= @now
          AND channelId NOT IN (SELECT channelId FROM "OutboxMessage" WHERE status = 'sending' AND nextAttemptAt > @now)
        GROUP BY channelId ORDER BY MIN(id) LIMIT @limit`,
    )
    .all({ now, limit: limit + busy.size }) as Array<{ channelId: number }>;
  return rows.map((row) => row.channelId).filter((id) => !busy.has(id)).slice(0, limit);
}

/**
 * Claims the channel's oldest due message (so two workers never send it at
 * once), unless another of its messages is being sent under a live claim: a
 * channel has one message in flight, and its messages go out in order. A
 * claim left by a process that died is taken over once it lapses. Only
 * messages due by `dueBy` count, so that a caller going through a backlog
 * does not come back to one it has just tried.
 */
export function claimNextMessage(db: Sqlite, channelId: number, now: number, policy: DeliveryPolicy, dueBy: number = now): ClaimedMessage | undefined {
  const claimed = db
    .prepare(
      `UPDATE "OutboxMessage" SET status = 'sending', nextAttemptAt = @claimUntil
        WHERE id = (SELECT id FROM "OutboxMessage" WHERE channelId = @channelId AND status IN ('pending', 'sending') AND nextAttemptAt <= @dueBy ORDER BY id LIMIT 1)
          AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" WHERE channelId = @channelId AND status = 'sending' AND nextAttemptAt > @now)
        RETURNING id, channelId, payload, attempts`,
    )
    .get({ channelId, now, dueBy: Math.min(dueBy, now), claimUntil: now + policy.claimMs }) as Pick<ClaimedMessage, "id" | "channelId" | "payload" | "attempts"> | undefined;
  if (!claimed) return undefined;
  const channel = db.prepare(`SELECT type, settingsSecret, lang FROM "NotificationChannel" WHERE id = ?`).get(channelId) as Pick<ClaimedMessage, "type" | "settingsSecret" | "lang">;
  return { ...claimed, ...channel };
}

/** Renders and sends one message to a channel; throws DeliveryError (or worse) when it is not confirmed. */
export async function sendToChannel(
  box: SecretBox,
  channel: Pick<ClaimedMessage, "type" | "settingsSecret" | "lang">,
  payload: NotificationPayload,
  signal?: AbortSignal,
): Promise<void> {
  const settings = JSON.parse(box.open(channel.settingsSecret)) as ChannelSettings;
  await channelType(channel.type).send(settings, { payload, ...renderMessage(payload, channel.lang) }, Date.now(), signal);
}

/**
 * Why a send failed, as the delivery log stores and shows it: the one place
 * every failure text passes (queued sends and Send test alike). It gets the
 * channel so that the text can be cleaned of that channel's secrets.
 */
export function failureReason(error: unknown, box: SecretBox, channel: Pick<ClaimedMessage, "type" | "settingsSecret">): string {
  const reason = error instanceof DeliveryError ? error.message : `unexpected: ${error instanceof Error ? error.message : String(error)}`;
  return redactDeliveryError(reason, openChannelSettings(box, channel.settingsSecret), channel.type).slice(0, 500);
}

/**
 * Sends a claimed message, then marks it sent, or schedules it again with
 * backoff, or fails it for good after `maxAttempts`. When `signal` aborts
 * (shutdown) the message is handed back untouched, to be sent after the
 * restart. Delivery is at least once: every message carries its event id so
 * a receiver can drop a repeat.
 */
export async function deliverClaimed(db: Sqlite, box: SecretBox, message: ClaimedMessage, policy: DeliveryPolicy, signal?: AbortSignal): Promise<DeliveryOutcome> {
  try {
    await sendToChannel(box, message, JSON.parse(message.payload) as NotificationPayload, signal);
    db.prepare(`UPDATE "OutboxMessage" SET status = 'sent', attempts = attempts + 1, sentAt = ?, lastError = NULL WHERE id = ?`).run(Date.now(), message.id);
    return "sent";
  } catch (error) {
    if (signal?.aborted) {
      db.prepare(`UPDATE "OutboxMessage" SET status = 'pending', nextAttemptAt = ? WHERE id = ? AND status = 'sending'`).run(Date.now(), message.id);
      return "released";
    }
    const reason = failureReason(error, box, message);
    const attempts = message.attempts + 1;
    const gaveUp = attempts >= policy.maxAttempts;
    const delay = Math.min(policy.baseDelayMs * 2 ** (attempts - 1), 3_600_000);
    db.prepare(`UPDATE "OutboxMessage" SET status = ?, attempts = attempts + 1, nextAttemptAt = ?, lastError = ? WHERE id = ?`).run(gaveUp ? "failed" : "pending", Date.now() + delay, reason, message.id);
    return gaveUp ? "failed" : "retried";
  }
}

/** Logs a message sent outside the queue ("send test"), so that it shows in the delivery log like the rest. */
export function recordDirectDelivery(db: Sqlite, channelId: number, payload: NotificationPayload, startedAt: number, error: string | null): number {
  const now = Date.now();
  return Number(
    db
      .prepare(
        `INSERT INTO "OutboxMessage" (channelId, eventKey, event, payload, status, attempts, nextAttemptAt, lastError, createdAt, sentAt) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
      )
      .run(channelId, payload.id, payload.event, JSON.stringify(payload), error === null ? "sent" : "failed", now, error, startedAt, error === null ? now : null).lastInsertRowid,
  );
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
  return db
    .prepare(`${DELIVERY_COLUMNS} ORDER BY m.id DESC LIMIT ?`)
    .all(limit)
    .map((row) => presentDelivery(row as DeliveryRow));
}

/** One entry of the delivery log. */
export function getDelivery(db: Sqlite, id: number): DeliveryRecord | undefined {
  const row = db.prepare(`${DELIVERY_COLUMNS} WHERE m.id = ?`).get(id) as DeliveryRow | undefined;
  return row && presentDelivery(row);
}

const DELIVERY_COLUMNS = `SELECT m.id, c.name AS channel, c.type AS channelType, m.event, m.status, m.attempts, m.lastError, m.createdAt, m.sentAt, m.nextAttemptAt
  FROM "OutboxMessage" m JOIN "NotificationChannel" c ON c.id = m.channelId`;

type DeliveryRow = Omit<DeliveryRecord, "createdAt" | "sentAt" | "nextAttemptAt"> & { createdAt: number; sentAt: number | null; nextAttemptAt: number };

function presentDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    sentAt: row.sentAt === null ? null : new Date(row.sentAt).toISOString(),
    nextAttemptAt: row.status === "pending" ? new Date(row.nextAttemptAt).toISOString() : null,
  };
}
