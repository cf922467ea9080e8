import * as z from "zod";
import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, joinUrl, secretValue } from "./channel-fields";
import { answerText, postToReceiver } from "./post-to-receiver";

/**
 * Bark (iOS push; api.day.app or a self-hosted bark-server): JSON to /push
 * with the device key in the body (not in the path, which access logs
 * keep), answered {code: 200}. Down and exhausted quota are time-sensitive
 * (they break through Focus).
 */
export const bark = defineChannel({
  type: "bark",
  schema: channelSchema("bark", { server: httpUrl.default("https://api.day.app"), deviceKey: secretValue, group: z.string().min(1).max(64).default("ProxyPulse") }),
  secrets: { values: ["deviceKey"], urls: ["server"], destination: ["server"] },
  send: async (settings, message, _now, signal) => {
    const urgent = message.payload.event === "route.down" || message.payload.event === "quota.exhausted";
    const body = { device_key: settings.deviceKey, title: message.title, body: message.text, group: settings.group, url: message.payload.url, level: urgent ? "timeSensitive" : "active" };
    await postToReceiver(joinUrl(settings.server, "/push"), JSON.stringify(body), {
      headers: { "content-type": "application/json; charset=utf-8" },
      signal,
      confirms: (json) => json?.code === 200,
      explain: (json) => answerText(json, "message"),
    });
  },
  fields: [
    { key: "server", label: "server", placeholder: "https://api.day.app" },
    { key: "deviceKey", label: "deviceKey", input: "secret" },
    { key: "group", label: "group", placeholder: "ProxyPulse" },
  ],
});
