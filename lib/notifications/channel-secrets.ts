import type { NotificationType } from "../config/config-schema";
import type { ChannelSettings } from "./channel-senders";

interface SecretSettings<T extends NotificationType> {
  /** Settings whose whole value is a secret. */
  values: Array<keyof ChannelSettings<T>>;
  /** URL settings whose user info, path tokens and query are secrets. */
  urls: Array<keyof ChannelSettings<T>>;
}

/**
 * Which settings of each channel type are secret: the one list that the
 * delivery log's redaction reads, next to the senders' registry. A new
 * channel type must say here what of its settings must never be shown.
 */
export const CHANNEL_SECRET_SETTINGS: { [T in NotificationType]: SecretSettings<T> } = {
  webhook: { values: ["secret"], urls: ["url"] },
  slack: { values: [], urls: ["url"] },
  feishu: { values: ["secret"], urls: ["url"] },
  dingtalk: { values: ["secret"], urls: ["url"] },
  wecom: { values: [], urls: ["url"] },
  telegram: { values: ["token"], urls: ["apiBase"] },
  email: { values: ["password"], urls: [] },
};
