import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, joinUrl, secretValue } from "./channel-fields";
import { answerText, postToReceiver } from "./post-to-receiver";
import type { NotificationEvent } from "../notification-payload";

/** Gotify priorities 0–10; clients pop up and ring from 8. */
const PRIORITY: Record<NotificationEvent, number> = { "route.down": 8, "route.degraded": 5, "route.up": 5, "quota.low": 5, "quota.exhausted": 8, "agent.offline": 8, "agent.online": 5, test: 5 };

/**
 * Gotify (self-hosted): POST /message with the application's token in the
 * X-Gotify-Key header (not ?token=, which access logs keep).
 */
export const gotify = defineChannel({
  type: "gotify",
  schema: channelSchema("gotify", { server: httpUrl, token: secretValue }),
  secrets: { values: ["token"], urls: ["server"], destination: ["server"] },
  send: async (settings, message, _now, signal) => {
    const body = {
      title: message.title,
      message: message.text,
      priority: PRIORITY[message.payload.event],
      extras: { "client::display": { contentType: "text/plain" }, "client::notification": { click: { url: message.payload.url } } },
    };
    await postToReceiver(joinUrl(settings.server, "/message"), JSON.stringify(body), {
      headers: { "content-type": "application/json", "x-gotify-key": settings.token },
      signal,
      confirms: (json) => typeof json?.id === "number",
      explain: (json) => answerText(json, "errorDescription", "error"),
    });
  },
  fields: [
    { key: "server", label: "server", placeholder: "https://gotify.example.com" },
    { key: "token", label: "appToken", input: "secret" },
  ],
});
