import * as z from "zod";
import type { NotificationChannel } from "../generated/prisma/client";
import type { Db } from "../db/client";
import type { Store } from "../db/store/store";
import { NotFoundError, ValidationError } from "../http/app-error";
import type { SecretBox } from "../secrets/secret-box";
import { assertEditable, assertNameFree, isSyncedSource, rethrowUniqueName } from "../management/guard-editable";
import { channelType, NotificationConfig, type ChannelSettings, type NotificationType } from "./channel-registry";
import type { Lang } from "../i18n/messages";
import { assertChannelSecretsStay } from "./channel-secrets";
import type { NotificationPayload } from "./notification-payload";
import { failureReason, getDelivery, recordDirectDelivery, sendToChannel, type DeliveryRecord } from "./outbox";

/** A channel as the API shows it: where it sends, never its URL's tokens or its secrets. */
export function presentChannel(channel: NotificationChannel, box: SecretBox) {
  const settings = JSON.parse(box.open(channel.settingsSecret)) as ChannelSettings & Record<string, unknown>;
  const destination = describeDestination(channel.type, settings);
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    lang: channel.lang,
    enabled: channel.enabled,
    destination,
    signed: Boolean(settings.secret),
    source: channel.source,
    readOnly: isSyncedSource(channel.source),
  };
}

/** Where a channel sends: its type's own description, else the host of its first URL setting. */
function describeDestination(type: string, settings: ChannelSettings & Record<string, unknown>): string | null {
  const definition = channelType(type);
  if (definition.describe) return definition.describe(settings);
  const url = definition.secrets.urls.map((key) => settings[key]).find((value): value is string => typeof value === "string");
  return url ? new URL(url).host : null;
}

export async function listChannels(db: Db, box: SecretBox) {
  return (await db.notificationChannel.findMany({ orderBy: { name: "asc" } })).map((channel) => presentChannel(channel, box));
}

export async function createChannel(db: Db, box: SecretBox, input: unknown) {
  const { name, type, lang, enabled, ...settings } = NotificationConfig.parse(input);
  assertNameFree(await db.notificationChannel.findMany({ select: { id: true, name: true } }), name, null, "notification channel");
  try {
    const channel = await db.notificationChannel.create({ data: { name, type, lang, enabled, settingsSecret: box.seal(JSON.stringify(settings)), source: "api" } });
    return presentChannel(channel, box);
  } catch (error) {
    rethrowUniqueName(error, name, "notification channel");
  }
}

export async function deleteChannel(db: Db, id: number): Promise<{ deleted: number }> {
  const channel = await db.notificationChannel.findUnique({ where: { id } });
  assertEditable(channel, "notification channel");
  await db.notificationChannel.delete({ where: { id } });
  return { deleted: id };
}

/** A test message gets its answer within this, whatever the channel type's own timeouts. */
const TEST_TIMEOUT_MS = 10_000;

/**
 * "Send test": sends straight to this channel (not through the outbox, so a
 * busy or hung channel elsewhere cannot hold it up), logs the attempt in the
 * delivery log, and answers with that record: sent, or failed with the reason.
 */
export async function sendTestMessage(prisma: Db, store: Store, box: SecretBox, id: number, publicUrl: string): Promise<DeliveryRecord> {
  const channel = await prisma.notificationChannel.findUnique({ where: { id } });
  if (!channel) throw new NotFoundError("Notification channel");
  const now = Date.now();
  const key = `test:${id}:${now}`;
  const payload: NotificationPayload = { id: key, event: "test", route: null, target: null, kind: null, hint: null, at: new Date(now).toISOString(), url: publicUrl, state: null, previousState: null, durationMs: null, flaps: 0, quota: null };
  const target = { type: channel.type as NotificationType, settingsSecret: channel.settingsSecret, lang: channel.lang as Lang };
  let error: string | null = null;
  try {
    await sendToChannel(box, target, payload, AbortSignal.timeout(TEST_TIMEOUT_MS));
  } catch (caught) {
    error = failureReason(caught, box, target);
  }
  const recordId = await recordDirectDelivery(store.outbox, id, payload, now, error);
  const record = await getDelivery(store.outbox, recordId);
  if (!record) throw new NotFoundError("Test delivery");
  return record;
}

/**
 * Changes a channel in place: its name, language, on/off, or settings. Fields
 * left out keep their value (secrets are write-only); the type stays.
 */
export async function updateChannel(db: Db, box: SecretBox, id: number, input: unknown) {
  const channel = await db.notificationChannel.findUnique({ where: { id } });
  assertEditable(channel, "notification channel");
  const changes = z.record(z.string(), z.unknown()).parse(input);
  if ("type" in changes && changes.type !== channel.type) {
    throw new ValidationError("A channel's type cannot change: add a new channel instead.", [{ path: "type", message: "the type cannot change" }]);
  }
  const existing = JSON.parse(box.open(channel.settingsSecret)) as Record<string, unknown>;
  assertChannelSecretsStay(channel.type as NotificationType, existing, changes);
  const { name, type: _type, lang, enabled, ...settings } = NotificationConfig.parse({ name: channel.name, type: channel.type, lang: channel.lang, enabled: channel.enabled, ...existing, ...changes });
  assertNameFree(await db.notificationChannel.findMany({ select: { id: true, name: true } }), name, id, "notification channel");
  try {
    const updated = await db.notificationChannel.update({ where: { id }, data: { name, lang, enabled, settingsSecret: box.seal(JSON.stringify(settings)) } });
    return presentChannel(updated, box);
  } catch (error) {
    rethrowUniqueName(error, name, "notification channel");
  }
}
