import type { Lang } from "../../i18n/messages";
import type { NotificationType } from "../../notifications/channel-registry";

/** A notification to queue, already serialised (the payload's JSON is what its channel is sent). */
export interface NewOutboxMessage {
  /** With the channel, unique: the same event is never queued twice for one channel. */
  eventKey: string;
  event: string;
  payloadJson: string;
  now: number;
  /** Only these channels (of the enabled ones); every enabled channel when left out. */
  channelIds?: number[] | undefined;
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

export interface ClaimRequest {
  channelId: number;
  now: number;
  /** Only messages due by then (at most `now`) are taken. */
  dueBy: number;
  /** Until when the claim is ours (another process takes the message over after that). */
  claimUntil: number;
}

/** What a failed send leaves: tried again at `nextAttemptAt`, or failed for good. */
export interface FailedAttempt {
  id: number;
  status: "pending" | "failed";
  nextAttemptAt: number;
  lastError: string;
}

/** A message sent outside the queue ("send test"), for the delivery log. */
export interface DirectDelivery {
  channelId: number;
  eventKey: string;
  event: string;
  payloadJson: string;
  startedAt: number;
  now: number;
  /** Why it failed; null when it was sent. */
  error: string | null;
}

/** One entry of the delivery log, times in ms. */
export interface DeliveryRow {
  id: number;
  channel: string;
  channelType: string;
  event: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  nextAttemptAt: number;
}

/** The notification outbox (OutboxMessage): queued per channel, claimed, sent at least once. */
export interface OutboxStore {
  /** Queues the message for every enabled channel (or the given ones) it is not queued for yet; how many were queued. */
  enqueue(message: NewOutboxMessage): Promise<number>;
  /**
   * Up to `limit` channels with a message due at `now`, oldest message first,
   * leaving out channels with a message under a live claim.
   */
  dueChannels(query: { now: number; limit: number }): Promise<number[]>;
  /**
   * Claims the channel's oldest due message in one atomic step, unless one of
   * its messages is under a live claim (a channel has one message in flight);
   * a lapsed claim is taken over. On PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED.
   */
  claimNext(request: ClaimRequest): Promise<ClaimedMessage | undefined>;
  markSent(id: number, sentAt: number): Promise<void>;
  /** Hands a claimed message back untouched (due at `at`), if it is still claimed. */
  release(id: number, at: number): Promise<void>;
  recordFailure(attempt: FailedAttempt): Promise<void>;
  /** Logs a direct send; returns the entry's id. */
  recordDirect(delivery: DirectDelivery): Promise<number>;
  /** The delivery log, newest first. */
  listDeliveries(limit: number): Promise<DeliveryRow[]>;
  getDelivery(id: number): Promise<DeliveryRow | undefined>;
}
