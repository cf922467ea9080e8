import type { ClaimedMessage, DeliveryRow, OutboxStore } from "../db/store/outbox-store";
import type { SecretBox } from "../secrets/secret-box";
import { channelType, type ChannelSettings } from "./channel-registry";
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
export function enqueueNotification(outbox: Pick<OutboxStore, "enqueue">, payload: NotificationPayload, eventKey: string, now: number, channelIds?: number[]): Promise<number> {
  return outbox.enqueue({ eventKey, event: payload.event, payloadJson: JSON.stringify(payload), now, channelIds });
}

export type DeliveryOutcome = "sent" | "retried" | "failed" | "released";

/**
 * The channels with something due, oldest first (so no channel starves),
 * leaving out those the caller is already serving and those another process
 * is sending to (their next message waits for that send anyway).
 */
export async function dueChannels(outbox: OutboxStore, now: number, busy: ReadonlySet<number>, limit: number): Promise<number[]> {
  if (limit <= 0) return [];
  const due = await outbox.dueChannels({ now, limit: limit + busy.size });
  return due.filter((id) => !busy.has(id)).slice(0, limit);
}

/**
 * Claims the channel's oldest due message (so two workers never send it at
 * once), unless another of its messages is being sent under a live claim: a
 * channel has one message in flight, and its messages go out in order. A
 * claim left by a process that died is taken over once it lapses. Only
 * messages due by `dueBy` count, so that a caller going through a backlog
 * does not come back to one it has just tried.
 */
export function claimNextMessage(outbox: OutboxStore, channelId: number, now: number, policy: DeliveryPolicy, dueBy: number = now): Promise<ClaimedMessage | undefined> {
  return outbox.claimNext({ channelId, now, dueBy: Math.min(dueBy, now), claimUntil: now + policy.claimMs });
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
export async function deliverClaimed(outbox: OutboxStore, box: SecretBox, message: ClaimedMessage, policy: DeliveryPolicy, signal?: AbortSignal): Promise<DeliveryOutcome> {
  try {
    await sendToChannel(box, message, JSON.parse(message.payload) as NotificationPayload, signal);
    await outbox.markSent(message.id, Date.now());
    return "sent";
  } catch (error) {
    if (signal?.aborted) {
      await outbox.release(message.id, Date.now());
      return "released";
    }
    const reason = failureReason(error, box, message);
    const attempts = message.attempts + 1;
    const gaveUp = attempts >= policy.maxAttempts;
    const delay = Math.min(policy.baseDelayMs * 2 ** (attempts - 1), 3_600_000);
    await outbox.recordFailure({ id: message.id, status: gaveUp ? "failed" : "pending", nextAttemptAt: Date.now() + delay, lastError: reason });
    return gaveUp ? "failed" : "retried";
  }
}

/** Logs a message sent outside the queue ("send test"), so that it shows in the delivery log like the rest. */
export function recordDirectDelivery(outbox: OutboxStore, channelId: number, payload: NotificationPayload, startedAt: number, error: string | null): Promise<number> {
  return outbox.recordDirect({ channelId, eventKey: payload.id, event: payload.event, payloadJson: JSON.stringify(payload), startedAt, now: Date.now(), error });
}

/** One entry of the delivery log as the API and the page show it (times as ISO strings). */
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
export async function listDeliveries(outbox: OutboxStore, limit: number): Promise<DeliveryRecord[]> {
  return (await outbox.listDeliveries(limit)).map(presentDelivery);
}

/** One entry of the delivery log. */
export async function getDelivery(outbox: OutboxStore, id: number): Promise<DeliveryRecord | undefined> {
  const row = await outbox.getDelivery(id);
  return row && presentDelivery(row);
}

function presentDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    sentAt: row.sentAt === null ? null : new Date(row.sentAt).toISOString(),
    nextAttemptAt: row.status === "pending" ? new Date(row.nextAttemptAt).toISOString() : null,
  };
}
