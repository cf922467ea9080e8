import * as z from "zod";
import type { ChannelDefinition, ChannelField, ChannelSchema, OutgoingMessage } from "./channels/channel-definition";
import { bark } from "./channels/bark";
import { dingtalk } from "./channels/dingtalk";
import { discord } from "./channels/discord";
import { email } from "./channels/email";
import { feishu } from "./channels/feishu";
import { gotify } from "./channels/gotify";
import { ntfy } from "./channels/ntfy";
import { pagerduty } from "./channels/pagerduty";
import { pushplus } from "./channels/pushplus";
import { serverchan } from "./channels/serverchan";
import { slack } from "./channels/slack";
import { teams } from "./channels/teams";
import { telegram } from "./channels/telegram";
import { webhook } from "./channels/webhook";
import { wecom } from "./channels/wecom";

/**
 * Every notification channel type, one line each: the one registry to
 * extend. A new channel is its own file in ./channels (schema, secrets,
 * sender, form fields) plus one line here (and its labels in lib/i18n).
 */
export const CHANNELS = [
  webhook,
  slack,
  feishu,
  dingtalk,
  wecom,
  telegram,
  email,
  discord,
  teams,
  ntfy,
  gotify,
  pagerduty,
  bark,
  serverchan,
  pushplus,
] as const;

export type NotificationType = (typeof CHANNELS)[number]["type"];

type Schemas<T extends readonly ChannelDefinition<ChannelSchema>[]> = { -readonly [K in keyof T]: T[K]["schema"] };

/** The tuple of the channels' schemas, typed one per channel (the array's map loses that). */
function schemasOf<T extends readonly [ChannelDefinition<ChannelSchema>, ...ChannelDefinition<ChannelSchema>[]]>(channels: T): Schemas<T> {
  return channels.map((channel) => channel.schema) as Schemas<T>;
}

/** One entry of `notifications:` (and the API's channel body); the settings of each type are checked by its own schema. */
export const NotificationConfig = z.discriminatedUnion("type", schemasOf(CHANNELS));
export type NotificationConfig = z.infer<typeof NotificationConfig>;

/** A channel's settings: its config entry without the common fields. */
export type ChannelSettings<T extends NotificationType = NotificationType> = Omit<Extract<NotificationConfig, { type: T }>, "name" | "lang" | "enabled">;

/** A channel type's definition over plain settings records, as stored channels are opened. */
export interface StoredChannelType {
  type: NotificationType;
  secrets: { values: string[]; urls: string[]; destination: string[]; combined?: (settings: ChannelSettings) => string[] };
  send: (settings: ChannelSettings, message: OutgoingMessage, now: number, signal?: AbortSignal) => Promise<void>;
  describe?: (settings: ChannelSettings) => string | null;
}

/**
 * The definition of a stored channel's type: the one place that widens the
 * per-type definitions, because a channel read from the database has its
 * type only at run time (and its settings were checked by that type's schema
 * when saved).
 */
export function channelType(type: string): StoredChannelType {
  const found = CHANNELS.find((channel) => channel.type === type);
  if (!found) throw new Error(`unknown notification channel type "${type}"`);
  return found as unknown as StoredChannelType;
}

/** What the dashboard's form needs of each type (plain data: the client bundle never imports the senders). */
export function channelForms(): Array<{ type: NotificationType; fields: ChannelField[] }> {
  return CHANNELS.map((channel) => ({ type: channel.type, fields: channel.fields }));
}
