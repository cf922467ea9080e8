import { createHmac } from "node:crypto";
import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, secretValue } from "./channel-fields";
import { escapeFeishuText } from "../escape-chat-text";
import { postToReceiver } from "./post-to-receiver";

/** Feishu/Lark custom bot. Signed: sign = base64(HMAC-SHA256(key = "timestamp\nsecret", message = "")). */
export const feishu = defineChannel({
  type: "feishu",
  schema: channelSchema("feishu", { url: httpUrl, secret: secretValue.optional() }),
  secrets: { values: ["secret"], urls: ["url"], destination: ["url"] },
  send: async (settings, message, now, signal) => {
    const timestamp = String(Math.floor(now / 1000));
    const signed = settings.secret ? { timestamp, sign: createHmac("sha256", `${timestamp}\n${settings.secret}`).update("").digest("base64") } : {};
    const body = JSON.stringify({ ...signed, msg_type: "text", content: { text: escapeFeishuText(`${message.title}\n${message.text}`) } });
    await postToReceiver(settings.url, body, { confirms: (json) => json?.code === 0 || json?.StatusCode === 0, signal });
  },
  fields: [
    { key: "url", label: "url" },
    { key: "secret", label: "secret", input: "secret" },
  ],
});
