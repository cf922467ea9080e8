import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl } from "./channel-fields";
import { escapeSlackText } from "../escape-chat-text";
import { postToReceiver } from "./post-to-receiver";

/** Slack incoming webhook: mrkdwn text, names escaped. */
export const slack = defineChannel({
  type: "slack",
  schema: channelSchema("slack", { url: httpUrl }),
  secrets: { values: [], urls: ["url"], destination: ["url"] },
  send: async (settings, message, _now, signal) => {
    await postToReceiver(settings.url, JSON.stringify({ text: `*${escapeSlackText(message.title)}*\n${escapeSlackText(message.text)}` }), { signal });
  },
  fields: [{ key: "url", label: "url" }],
});
