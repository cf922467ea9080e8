import type { SecretBox } from "../secrets/secret-box";
import { createRedactor, maskUrlSecrets, secretsOfUrl } from "../secrets/redact";
import { channelType, type ChannelSettings } from "./channel-registry";

/**
 * A delivery failure's text as it may be stored and shown (OutboxMessage.lastError,
 * GET /api/deliveries, the Alerts page): every secret setting of the channel,
 * and the secret parts of its URLs, replaced by ****. Error texts from fetch,
 * nodemailer or the receiver's own answer can quote any of them.
 */
export function redactDeliveryError(reason: string, settings: ChannelSettings | null, type: string): string {
  if (!settings) return maskUrlSecrets(reason);
  const declared = channelType(type).secrets;
  const record = settings as unknown as Record<string, unknown>;
  const secrets = [
    ...declared.values.map((key) => record[key]).filter((value): value is string => typeof value === "string"),
    ...declared.urls.flatMap((key) => (typeof record[key] === "string" ? secretsOfUrl(record[key]) : [])),
    ...(declared.combined?.(settings) ?? []),
  ];
  return maskUrlSecrets(createRedactor(secrets)(reason));
}

/** A channel's settings, or null when they cannot be opened (the failure being reported may be that). */
export function openChannelSettings(box: SecretBox, sealed: string): ChannelSettings | null {
  try {
    return JSON.parse(box.open(sealed)) as ChannelSettings;
  } catch {
    return null;
  }
}
