import { createHmac } from "node:crypto";
import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, secretValue } from "./channel-fields";
import { postToReceiver } from "./post-to-receiver";

/** The generic webhook: the notification's JSON as it is, signed with HMAC-SHA256 when a secret is set. */
export const webhook = defineChannel({
  type: "webhook",
  schema: channelSchema("webhook", { url: httpUrl, secret: secretValue.optional() }),
  secrets: { values: ["secret"], urls: ["url"], destination: ["url"] },
  send: async (settings, message, now, signal) => {
    const body = JSON.stringify(message.payload);
    const timestamp = String(Math.floor(now / 1000));
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-proxypulse-event": message.payload.event,
      // Receivers can drop a message they already have (delivery is at least once).
      "x-proxypulse-event-id": message.payload.id,
      "x-proxypulse-timestamp": timestamp,
    };
    if (settings.secret) {
      headers["x-proxypulse-signature"] = `sha256=${createHmac("sha256", settings.secret).update(`${timestamp}.${body}`).digest("hex")}`;
    }
    await postToReceiver(settings.url, body, { headers, signal });
  },
  fields: [
    { key: "url", label: "url" },
    { key: "secret", label: "secret", input: "secret" },
  ],
});
