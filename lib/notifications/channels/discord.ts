import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl } from "./channel-fields";
import { answerText, postToReceiver } from "./post-to-receiver";
import type { NotificationEvent } from "../notification-payload";

const COLORS: Record<NotificationEvent, number> = {
  "route.down": 0xd93025,
  "route.degraded": 0xf29900,
  "route.up": 0x1e8e3e,
  "quota.low": 0xf29900,
  "quota.exhausted": 0xd93025,
  "agent.offline": 0xd93025,
  "agent.online": 0x1e8e3e,
  test: 0x1a73e8,
};

/**
 * Discord webhook (Execute Webhook): one embed. `wait=true` makes Discord
 * answer 200 with the created message instead of 204 before it has posted
 * it, so a message it cannot post is an error here too. `allowed_mentions`
 * with no parse types: a name holding @everyone or <@id> pings nobody.
 */
export const discord = defineChannel({
  type: "discord",
  schema: channelSchema("discord", { url: httpUrl }),
  secrets: { values: [], urls: ["url"], destination: ["url"] },
  send: async (settings, message, _now, signal) => {
    const url = new URL(settings.url);
    url.searchParams.set("wait", "true");
    const body = {
      username: "ProxyPulse",
      allowed_mentions: { parse: [] },
      embeds: [{ title: message.title.slice(0, 256), description: message.text.slice(0, 4096), color: COLORS[message.payload.event], timestamp: message.payload.at }],
    };
    await postToReceiver(url.toString(), JSON.stringify(body), {
      signal,
      explain: (json) => {
        const retry = json?.retry_after;
        const reason = answerText(json, "message");
        return typeof retry === "number" ? `${reason ?? "rate limited"} (retry after ${retry} s)` : reason;
      },
    });
  },
  fields: [{ key: "url", label: "url", placeholder: "https://discord.com/api/webhooks/…" }],
});
