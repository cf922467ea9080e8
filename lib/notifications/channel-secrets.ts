import { ValidationError } from "../http/app-error";
import { sameApiOrigin } from "../management/secret-scope";
import { channelType } from "./channel-registry";

/**
 * Refuses (400) a change that moves a channel elsewhere while keeping a
 * stored secret: the secret settings are write-only, and a Telegram token
 * (in the API's URL) or an SMTP password (in AUTH) would be sent to the new
 * destination by the next message or "Send test". Like a target's key and a
 * proxy's password (lib/management/secret-scope.ts), it must be given again.
 * Each channel type declares its secrets and destination in its own file.
 */
export function assertChannelSecretsStay(type: string, existing: Record<string, unknown>, changes: Record<string, unknown>): void {
  const declared = channelType(type).secrets;
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
