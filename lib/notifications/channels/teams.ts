import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl } from "./channel-fields";
import { postToReceiver } from "./post-to-receiver";
import type { NotificationEvent } from "../notification-payload";

const COLORS: Record<NotificationEvent, string> = {
  "route.down": "Attention",
  "route.degraded": "Warning",
  "route.up": "Good",
  "quota.low": "Warning",
  "quota.exhausted": "Attention",
  "agent.offline": "Attention",
  "agent.online": "Good",
  test: "Accent",
};

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook, the
 * replacement of the retired Office 365 connectors: the "Post to a channel
 * when a webhook request is received" flow takes a message with an Adaptive
 * Card attachment and answers 202 Accepted. The URL's query holds its
 * signature (sig=), a secret.
 */
export const teams = defineChannel({
  type: "teams",
  schema: channelSchema("teams", { url: httpUrl }),
  secrets: { values: [], urls: ["url"], destination: ["url"] },
  send: async (settings, message, _now, signal) => {
    const card = {
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      type: "AdaptiveCard",
      version: "1.4",
      body: [
        { type: "TextBlock", text: message.title, weight: "Bolder", size: "Medium", color: COLORS[message.payload.event], wrap: true },
        // One block per line: a TextBlock's markdown joins single line breaks.
        ...message.text.split("\n").map((line) => ({ type: "TextBlock", text: line, wrap: true, spacing: "Small" })),
      ],
      actions: [{ type: "Action.OpenUrl", title: "ProxyPulse", url: message.payload.url }],
    };
    const body = { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] };
    await postToReceiver(settings.url, JSON.stringify(body), {
      signal,
      explain: (json) => {
        const error = json?.error as { code?: unknown; message?: unknown } | undefined;
        return typeof error?.message === "string" ? `${typeof error.code === "string" ? `${error.code}: ` : ""}${error.message}` : undefined;
      },
    });
  },
  fields: [{ key: "url", label: "workflowUrl", placeholder: "https://…/workflows/…/triggers/manual/paths/invoke?…" }],
});
