import { defineChannel } from "./channel-definition";
import { channelSchema, httpUrl, joinUrl, secretValue } from "./channel-fields";
import { answerText, postToReceiver, type ReceiverAnswer } from "./post-to-receiver";
import type { NotificationEvent, NotificationPayload } from "../notification-payload";

type Severity = "critical" | "error" | "warning" | "info";
const SEVERITY: Record<Exclude<NotificationEvent, "route.up" | "agent.online">, Severity> = {
  "route.down": "critical",
  "route.degraded": "warning",
  "quota.low": "warning",
  "quota.exhausted": "error",
  "agent.offline": "error",
  test: "info",
};

/**
 * One alert per route (its down and degraded events update it, its recovery
 * resolves it), one per target's quota, one per test.
 */
function dedupKey(payload: NotificationPayload): string {
  if (payload.event === "test") return `proxypulse/${payload.id}`;
  if (payload.route) return `proxypulse/route/${payload.route.id}`;
  if (payload.location) return `proxypulse/location/${payload.location.id}`;
  return `proxypulse/quota/${payload.target?.id ?? "all"}`;
}

/**
 * PagerDuty Events API v2: POST /v2/enqueue, answered 202 {status:"success"}.
 * A route's recovery resolves the alert its failure triggered (same
 * dedup_key); a test triggers an info alert and resolves it at once.
 */
export const pagerduty = defineChannel({
  type: "pagerduty",
  schema: channelSchema("pagerduty", { routingKey: secretValue, apiBase: httpUrl.default("https://events.pagerduty.com") }),
  secrets: { values: ["routingKey"], urls: ["apiBase"], destination: ["apiBase"] },
  send: async (settings, message, _now, signal) => {
    const { payload } = message;
    const url = joinUrl(settings.apiBase, "/v2/enqueue");
    const options = {
      signal,
      confirms: (json: ReceiverAnswer) => json?.status === "success",
      explain: (json: ReceiverAnswer) => [answerText(json, "message"), ...(Array.isArray(json?.errors) ? json.errors.map(String) : [])].filter(Boolean).join("; ") || undefined,
      label: "the PagerDuty Events API",
    };
    const dedup_key = dedupKey(payload);
    const resolve = JSON.stringify({ routing_key: settings.routingKey, event_action: "resolve", dedup_key });
    // A recovery resolves the alert its failure triggered (same dedup_key).
    if (payload.event === "route.up" || payload.event === "agent.online") {
      await postToReceiver(url, resolve, options);
      return;
    }
    const trigger = {
      routing_key: settings.routingKey,
      event_action: "trigger",
      dedup_key,
      payload: {
        summary: message.title.slice(0, 1024),
        source: payload.route ? `${payload.route.proxyName}/${payload.route.targetName}` : (payload.target?.name ?? payload.location?.name ?? "ProxyPulse"),
        severity: SEVERITY[payload.event],
        timestamp: payload.at,
        component: payload.target?.name,
        group: payload.route?.proxyName,
        class: payload.kind ?? undefined,
        custom_details: { event: payload.event, details: message.text, state: payload.state, kind: payload.kind, quota: payload.quota },
      },
      client: "ProxyPulse",
      client_url: payload.url,
    };
    await postToReceiver(url, JSON.stringify(trigger), options);
    if (payload.event === "test") await postToReceiver(url, resolve, options);
  },
  fields: [
    { key: "routingKey", label: "routingKey", input: "secret" },
    { key: "apiBase", label: "apiBase", placeholder: "https://events.pagerduty.com" },
  ],
});
