import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, joinUrl, secretValue } from "./channel-fields";
import { answerText, postToReceiver } from "./post-to-receiver";

/** ServerChan³ keys are sctp{uid}t…, sent to that uid's own host; Turbo keys (SCT…) go to sctapi.ftqq.com. */
const SC3_KEY = /^sctp(\d+)t/i;

/** Turbo: {base}/{key}.send; ServerChan³: {base}/send/{key}.send. */
function sendUrl(sendKey: string, apiBase: string | undefined): string {
  const sc3 = SC3_KEY.exec(sendKey);
  if (sc3) return joinUrl(apiBase ?? `https://${sc3[1]}.push.ft07.com`, `/send/${encodeURIComponent(sendKey)}.send`);
  return joinUrl(apiBase ?? "https://sctapi.ftqq.com", `/${encodeURIComponent(sendKey)}.send`);
}

/** ServerChan's title holds at most 32 characters; the full title opens the (markdown) body. */
const MAX_TITLE = 32;

/**
 * ServerChan (Server酱, WeChat push): POST {title, desp} as JSON to the
 * SendKey's URL, answered {code: 0}. The key is in the URL's path, so errors
 * name "ServerChan" only. `apiBase` (optional) points at another server.
 */
export const serverchan = defineChannel({
  type: "serverchan",
  schema: channelSchema("serverchan", { sendKey: secretValue, apiBase: httpUrl.optional() }),
  secrets: { values: ["sendKey"], urls: ["apiBase"], destination: ["apiBase"] },
  send: async (settings, message, _now, signal) => {
    const title = message.title.length > MAX_TITLE ? `${message.title.slice(0, MAX_TITLE - 1)}…` : message.title;
    // Markdown: a single line break is no break.
    const desp = [message.title, ...message.text.split("\n")].join("\n\n");
    await postToReceiver(sendUrl(settings.sendKey, settings.apiBase), JSON.stringify({ title, desp }), {
      headers: { "content-type": "application/json;charset=utf-8" },
      signal,
      label: "ServerChan",
      confirms: (json) => json?.code === 0,
      explain: (json) => answerText(json, "message", "info"),
    });
  },
  describe: (settings) => (settings.apiBase ? new URL(settings.apiBase).host : SC3_KEY.test(settings.sendKey) ? "push.ft07.com" : "sctapi.ftqq.com"),
  fields: [
    { key: "sendKey", label: "sendKey", input: "secret" },
    { key: "apiBase", label: "apiBase", placeholder: "https://sctapi.ftqq.com" },
  ],
});
