import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, joinUrl, secretValue } from "./channel-fields";
import { answerText, postToReceiver } from "./post-to-receiver";

/**
 * PushPlus (推送加, WeChat push): POST /send {token, title, content,
 * template}, answered {code: 200} (an HTTP 200 with another code is a
 * refusal). Template "txt": the default "html" would render markup from a
 * target or proxy name.
 */
export const pushplus = defineChannel({
  type: "pushplus",
  schema: channelSchema("pushplus", { token: secretValue, apiBase: httpUrl.default("https://www.pushplus.plus") }),
  secrets: { values: ["token"], urls: ["apiBase"], destination: ["apiBase"] },
  send: async (settings, message, _now, signal) => {
    const body = { token: settings.token, title: message.title.slice(0, 100), content: message.text, template: "txt" };
    await postToReceiver(joinUrl(settings.apiBase, "/send"), JSON.stringify(body), {
      signal,
      confirms: (json) => json?.code === 200,
      explain: (json) => answerText(json, "msg"),
    });
  },
  fields: [
    { key: "token", label: "pushplusToken", input: "secret" },
    { key: "apiBase", label: "apiBase", placeholder: "https://www.pushplus.plus" },
  ],
});
