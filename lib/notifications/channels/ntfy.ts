import * as z from "zod";
import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, joinUrl, secretValue } from "./channel-fields";
import { answerText, postToReceiver } from "./post-to-receiver";
import type { NotificationEvent } from "../notification-payload";

/** ntfy priorities: 1 min … 3 default … 5 max. */
const PRIORITY: Record<NotificationEvent, number> = { "route.down": 4, "route.degraded": 3, "route.up": 3, "quota.low": 3, "quota.exhausted": 4, "agent.offline": 4, "agent.online": 3, test: 3 };
const TAGS: Record<NotificationEvent, string[]> = {
  "route.down": ["rotating_light"],
  "route.degraded": ["warning"],
  "route.up": ["white_check_mark"],
  "quota.low": ["warning"],
  "quota.exhausted": ["no_entry"],
  "agent.offline": ["satellite"],
  "agent.online": ["white_check_mark"],
  test: ["test_tube"],
};

const schema = channelSchema("ntfy", {
  server: httpUrl.default("https://ntfy.sh"),
  /** On a public server the topic name is the only thing between the world and the subscribers: a secret. */
  topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, "a topic is 1 to 64 letters, digits, '-' or '_'"),
  /** An access token (tk_…), sent as Bearer; or user and password, sent as Basic. */
  token: secretValue.optional(),
  user: z.string().min(1).optional(),
  password: secretValue.optional(),
}).refine((ntfy) => !(ntfy.token && ntfy.user), { message: "give a token or a user and password, not both", path: ["token"] })
  .refine((ntfy) => Boolean(ntfy.user) === Boolean(ntfy.password), { message: "a user needs a password (and a password a user)", path: ["password"] });

function basicCredentials(settings: { user?: string | undefined; password?: string | undefined }): string {
  return `${settings.user}:${settings.password ?? ""}`;
}

/** ntfy (ntfy.sh or self-hosted): JSON publish to the server's root. */
export const ntfy = defineChannel({
  type: "ntfy",
  schema,
  secrets: { values: ["topic", "token", "password"], urls: ["server"], destination: ["server"], combined: (settings) => (settings.user ? [basicCredentials(settings)] : []) },
  send: async (settings, message, _now, signal) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (settings.token) headers.authorization = `Bearer ${settings.token}`;
    else if (settings.user) headers.authorization = `Basic ${Buffer.from(basicCredentials(settings)).toString("base64")}`;
    const event = message.payload.event;
    const body = { topic: settings.topic, title: message.title, message: message.text, priority: PRIORITY[event], tags: TAGS[event], click: message.payload.url };
    await postToReceiver(joinUrl(settings.server, "/"), JSON.stringify(body), {
      headers,
      signal,
      // ntfy answers the published message; anything else at that address is not an ntfy server.
      confirms: (json) => typeof json?.id === "string",
      explain: (json) => answerText(json, "error"),
    });
  },
  fields: [
    { key: "server", label: "server", placeholder: "https://ntfy.sh" },
    { key: "topic", label: "topic", input: "secret" },
    { key: "token", label: "accessToken", input: "secret" },
    { key: "user", label: "user" },
    { key: "password", label: "password", input: "secret" },
  ],
});
