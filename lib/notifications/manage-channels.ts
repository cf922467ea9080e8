import type { NotificationChannel } from "../generated/prisma/client";
import { NotificationConfig } from "../config/config-schema";
import type { Db } from "../db/client";
import type { Sqlite } from "../db/sqlite";
import { NotFoundError } from "../http/app-error";
import type { SecretBox } from "../secrets/secret-box";
import { assertEditable, rethrowUniqueName } from "../management/guard-editable";
import type { ChannelSettings } from "./channel-senders";
import { enqueueNotification, listDeliveries, type DeliveryRecord } from "./outbox";

/** A channel as the API shows it: where it sends, never its URL's tokens or its secrets. */
export function presentChannel(channel: NotificationChannel, box: SecretBox) {
  const settings = JSON.parse(box.open(channel.settingsSecret)) as ChannelSettings & Record<string, unknown>;
  const destination =
    typeof settings.url === "string" ? new URL(settings.url).host
    : channel.type === "telegram" ? `chat ${String(settings.chatId)}`
    : channel.type === "email" ? `${String(settings.host)} → ${(settings.to as string[]).join(", ")}`
    : null;
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    lang: channel.lang,
    enabled: channel.enabled,
    destination,
    signed: Boolean(settings.secret),
    source: channel.source,
    readOnly: channel.source === "file",
  };
}

export async function listChannels(db: Db, box: SecretBox) {
  return (await db.notificationChannel.findMany({ orderBy: { name: "asc" } })).map((channel) => presentChannel(channel, box));
}

export async function createChannel(db: Db, box: SecretBox, input: unknown) {
  const { name, type, lang, enabled, ...settings } = NotificationConfig.parse(input);
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

/** "Send test": queues a test message for this channel alone and delivers it now. */
export async function sendTestMessage(db: Db, sqlite: Sqlite, id: number, publicUrl: string, deliverNow: () => Promise<void>): Promise<DeliveryRecord> {
  const channel = await db.notificationChannel.findUnique({ where: { id } });
  if (!channel) throw new NotFoundError("Notification channel");
  const now = Date.now();
  const key = `test:${id}:${now}`;
  enqueueNotification(
    sqlite,
    { id: key, event: "test", route: null, target: null, kind: null, hint: null, at: new Date(now).toISOString(), url: publicUrl, state: null, previousState: null, durationMs: null, flaps: 0, quota: null },
    key,
    now,
    [id],
  );
  await deliverNow();
  const record = listDeliveries(sqlite, 200).find((delivery) => delivery.channel === channel.name && delivery.event === "test");
  if (!record) throw new NotFoundError("Test delivery");
  return record;
}
