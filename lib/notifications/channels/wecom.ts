import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl } from "./channel-fields";
import { postToReceiver } from "./post-to-receiver";

/** WeCom (企业微信) group robot. */
export const wecom = defineChannel({
  type: "wecom",
  schema: channelSchema("wecom", { url: httpUrl }),
  secrets: { values: [], urls: ["url"], destination: ["url"] },
  send: async (settings, message, _now, signal) => {
    const body = JSON.stringify({ msgtype: "text", text: { content: `${message.title}\n${message.text}` } });
    await postToReceiver(settings.url, body, { confirms: (json) => json?.errcode === 0, signal });
  },
  fields: [{ key: "url", label: "url" }],
});
