import type { z } from "zod";
import type { Messages } from "../../i18n/messages";
import type { NotificationPayload } from "../notification-payload";
import type { CHANNEL_COMMON } from "./channel-fields";

export interface OutgoingMessage {
  payload: NotificationPayload;
  title: string;
  text: string;
}

/** A channel's config entry: the common fields, its `type` literal and its own settings. */
export type ChannelSchema = z.ZodObject<typeof CHANNEL_COMMON & { type: z.ZodLiteral<string> }>;

/** A channel's settings: its config entry without the common fields. */
export type SettingsOf<S extends ChannelSchema> = Omit<z.output<S>, "name" | "lang" | "enabled">;

type SettingKey<S extends ChannelSchema> = Extract<keyof SettingsOf<S>, string>;

/** The i18n label of a form field: a key of `alerts` or of `channelForm.fields` in lib/i18n/messages.ts. */
export type ChannelFieldLabel = keyof Messages["alerts"] | keyof Messages["channelForm"]["fields"];

/** One input of the dashboard's "add a channel" form. */
export interface ChannelField {
  key: string;
  label: ChannelFieldLabel;
  /** text (default), secret (a password input: never shown back), number, or list (comma-separated). */
  input?: "text" | "secret" | "number" | "list";
  /** Shown greyed in the empty input: the default a blank field gets. */
  placeholder?: string;
  /** Prefilled value. */
  initial?: string;
}

/**
 * Everything about one channel type, in its own file: the one variation point
 * for notification channels. The config union (proxypulse.yaml and the API),
 * the secrets rules, the senders and the dashboard's form are all built from
 * the registry of these (channel-registry.ts).
 */
export interface ChannelDefinition<S extends ChannelSchema = ChannelSchema> {
  type: z.output<S>["type"];
  /** The whole config entry, `.strict()`: proxypulse.yaml and POST/PATCH /api/notifications parse with it. */
  schema: S;
  secrets: {
    /** Settings whose whole value is a secret: write-only, redacted from delivery errors. */
    values: Array<SettingKey<S>>;
    /** URL settings whose user info, path tokens and query are secrets. */
    urls: Array<SettingKey<S>>;
    /** Settings that say where messages go: a stored secret is sent only while these stay as saved. */
    destination: Array<SettingKey<S>>;
    /**
     * Secrets the sender builds from several settings (e.g. `user:password`
     * of HTTP Basic auth): redacted too, also as base64, since a receiver's
     * refusal may quote the header it got.
     */
    combined?: (settings: SettingsOf<S>) => string[];
  };
  /**
   * Sends one message; throws DeliveryError (with a reason that names no
   * secret) when the receiver does not confirm. `signal` aborts early
   * (shutdown); each request also has its own deadline.
   */
  send: (settings: SettingsOf<S>, message: OutgoingMessage, now: number, signal?: AbortSignal) => Promise<void>;
  /** Where it sends, as the dashboard lists it: never a token. Default: the host of the first URL setting. */
  describe?: (settings: SettingsOf<S>) => string | null;
  /** The dashboard form's inputs, in order. */
  fields: ChannelField[];
}

/** Checks a channel definition against its own schema's settings (the keys it names must exist). */
export function defineChannel<S extends ChannelSchema>(definition: ChannelDefinition<S>): ChannelDefinition<S> {
  return definition;
}
