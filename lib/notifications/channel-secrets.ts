import type { NotificationType } from "../config/config-schema";
import { ValidationError } from "../http/app-error";
import { sameApiOrigin } from "../management/secret-scope";
import type { ChannelSettings } from "./channel-senders";

interface SecretSettings<T extends NotificationType> {
  /** Settings whose whole value is a secret. */
  values: Array<keyof ChannelSettings<T>>;
  /** URL settings whose user info, path tokens and query are secrets. */
  urls: Array<keyof ChannelSettings<T>>;
  /** Settings that say where messages go: a stored secret is sent only while these stay as saved. */
  destination: Array<keyof ChannelSettings<T>>;
}

/**
 * Which settings of each channel type are secret: the one list that the
 * delivery log's redaction reads, next to the senders' registry. A new
 * channel type must say here what of its settings must never be shown.
 */
export const CHANNEL_SECRET_SETTINGS: { [T in NotificationType]: SecretSettings<T> } = {
  webhook: { values: ["secret"], urls: ["url"], destination: ["url"] },
  slack: { values: [], urls: ["url"], destination: ["url"] },
  feishu: { values: ["secret"], urls: ["url"], destination: ["url"] },
  dingtalk: { values: ["secret"], urls: ["url"], destination: ["url"] },
  wecom: { values: [], urls: ["url"], destination: ["url"] },
  telegram: { values: ["token"], urls: ["apiBase"], destination: ["apiBase"] },
  email: { values: ["password"], urls: [], destination: ["host", "port"] },
};

/**
 * Refuses (400) a change that moves a channel elsewhere while keeping a
 * stored secret: the secret settings are write-only, and a Telegram token
 * (in the API's URL) or an SMTP password (in AUTH) would be sent to the new
 * destination by the next message or "Send test". Like a target's key and a
 * proxy's password (lib/management/secret-scope.ts), it must be given again.
 */
export function assertChannelSecretsStay(type: NotificationType, existing: Record<string, unknown>, changes: Record<string, unknown>): void {
  const declared = CHANNEL_SECRET_SETTINGS[type] as { values: string[]; destination: string[] };
  const moved = declared.destination.filter((key) => key in changes && !sameDestination(existing[key], changes[key]));
  if (!moved.length) return;
  const kept = declared.values.filter((key) => existing[key] !== undefined && existing[key] !== null && !(key in changes));
  if (!kept.length) return;
  const message = `The saved ${kept.join(" and ")} is only sent to the ${moved.join(" and ")} it was saved for: give it again to send elsewhere.`;
  throw new ValidationError(message, kept.map((path) => ({ path, message })));
}

function sameDestination(saved: unknown, given: unknown): boolean {
  if (typeof saved === "string" && typeof given === "string" && /^https?:/i.test(saved)) return sameApiOrigin(saved, given);
  return String(saved).toLowerCase() === String(given).toLowerCase();
}
