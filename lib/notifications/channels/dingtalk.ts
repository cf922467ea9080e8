import { createHmac } from "node:crypto";
import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, secretValue } from "./channel-fields";
import { postToReceiver } from "./post-to-receiver";

/** DingTalk custom robot. Signed: &timestamp=ms&sign=urlencode(base64(HMAC-SHA256(key = secret, message = "timestamp\nsecret"))). */
export const dingtalk = defineChannel({
  type: "dingtalk",
  schema: channelSchema("dingtalk", { url: httpUrl, secret: secretValue.optional() }),
  secrets: { values: ["secret"], urls: ["url"], destination: ["url"] },
  send: async (settings, message, now, signal) => {
    let url = settings.url;
    if (settings.secret) {
      const timestamp = String(now);
      const sign = createHmac("sha256", settings.secret).update(`${timestamp}\n${settings.secret}`).digest("base64");
      url += `${url.includes("?") ? "&" : "?"}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
    }
    const body = JSON.stringify({ msgtype: "text", text: { content: `${message.title}\n${message.text}` } });
    await postToReceiver(url, body, { confirms: (json) => json?.errcode === 0, signal });
  },
  fields: [
    { key: "url", label: "url" },
    { key: "secret", label: "secret", input: "secret" },
  ],
});
