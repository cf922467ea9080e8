import * as z from "zod";
import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, joinUrl, secretValue } from "./channel-fields";
import { postToReceiver } from "./post-to-receiver";

/** Telegram Bot API sendMessage; the token is in the URL's path, so errors name "the Telegram API" only. */
export const telegram = defineChannel({
  type: "telegram",
  schema: channelSchema("telegram", {
    token: secretValue,
    chatId: z.union([z.string().min(1), z.number()]).transform(String),
    apiBase: httpUrl.default("https://api.telegram.org"),
  }),
  secrets: { values: ["token"], urls: ["apiBase"], destination: ["apiBase"] },
  send: async (settings, message, _now, signal) => {
    const url = joinUrl(settings.apiBase, `/bot${settings.token}/sendMessage`);
    const body = JSON.stringify({ chat_id: settings.chatId, text: `${message.title}\n${message.text}`, disable_web_page_preview: true });
    await postToReceiver(url, body, { confirms: (json) => json?.ok === true, label: "the Telegram API", signal });
  },
  describe: (settings) => `chat ${settings.chatId}`,
  fields: [
    { key: "token", label: "token", input: "secret" },
    { key: "chatId", label: "chatId" },
    { key: "apiBase", label: "apiBase", placeholder: "https://api.telegram.org" },
  ],
});
