import { describe, expect, it } from "vitest";
import type { NotificationPayload } from "@/lib/notifications/notification-payload";
import { renderMessage } from "@/lib/notifications/render-message";

const payload = (event: "agent.offline" | "agent.online"): NotificationPayload => ({
  id: `agent:2:${event}`,
  event,
  route: null,
  target: null,
  location: { id: 2, name: "hk-vps", region: "Hong Kong" },
  kind: null,
  hint: null,
  at: "2026-11-30T09:30:00.000Z",
  url: "http://localhost:3000/locations",
  state: null,
  previousState: null,
  durationMs: 61_000,
  flaps: 0,
  quota: null,
});

describe("a probe agent's presence, as a message", () => {
  it.each([
    ["agent.offline", "en", /^\[ProxyPulse\] PROBE AGENT OFFLINE: hk-vps$/, /location hk-vps has sent neither a heartbeat nor results for a minute/],
    ["agent.online", "en", /^\[ProxyPulse\] PROBE AGENT ONLINE: hk-vps$/, /location hk-vps is reporting again/],
    ["agent.offline", "zh", /^\[ProxyPulse\] 探测代理离线: hk-vps$/, /位置 hk-vps 的探测代理已一分钟没有发送心跳或结果/],
    ["agent.online", "zh", /^\[ProxyPulse\] 探测代理已上线: hk-vps$/, /位置 hk-vps 的探测代理已恢复上报/],
  ] as const)("%s in %s names the location and says what it means", (event, lang, title, text) => {
    const message = renderMessage(payload(event), lang);
    expect(message.title).toMatch(title);
    expect(message.text).toMatch(text);
    expect(message.text).toContain("http://localhost:3000/locations");
  });
});
