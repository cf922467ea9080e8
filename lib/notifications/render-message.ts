import type { Lang } from "../i18n/messages";
import { formatDuration } from "../ui/format-time";
import { kindTitle } from "../ui/kind-text";
import type { NotificationPayload } from "./notification-payload";

const WORDS = {
  en: {
    "route.down": "DOWN",
    "route.degraded": "DEGRADED",
    "route.up": "RECOVERED",
    "quota.low": "QUOTA LOW",
    "quota.exhausted": "QUOTA EXHAUSTED",
    "agent.offline": "PROBE AGENT OFFLINE",
    "agent.online": "PROBE AGENT ONLINE",
    test: "TEST",
    via: "via",
    after: "after",
    flaps: (n: number) => `${n} more state change${n === 1 ? "" : "s"} since the last message (flapping)`,
    testBody: "This is a test message from ProxyPulse: this channel works.",
    quotaLeft: (r: string, t: string) => `requests left ${r}, tokens left ${t}`,
    quotaBilling: "The account has no quota left: billing, not speed.",
    agentOffline: (name: string) => `The probe agent at location ${name} has sent neither a heartbeat nor results for a minute: its routes are not being probed from there (agent stopped, host down, or the network to the hub broken).`,
    agentOnline: (name: string) => `The probe agent at location ${name} is reporting again.`,
    locations: (down: number, total: number) => `down in ${down} of ${total} locations`,
  },
  zh: {
    "route.down": "中断",
    "route.degraded": "不稳定",
    "route.up": "已恢复",
    "quota.low": "额度不足",
    "quota.exhausted": "额度已用尽",
    "agent.offline": "探测代理离线",
    "agent.online": "探测代理已上线",
    test: "测试",
    via: "经由",
    after: "持续",
    flaps: (n: number) => `自上条消息以来又有 ${n} 次状态变化（抖动）`,
    testBody: "这是来自 ProxyPulse 的测试消息：此通知渠道工作正常。",
    quotaLeft: (r: string, t: string) => `剩余请求数 ${r}，剩余 token 数 ${t}`,
    quotaBilling: "账户额度已用尽：这是计费问题，不是速率问题。",
    agentOffline: (name: string) => `位置 ${name} 的探测代理已一分钟没有发送心跳或结果：该位置的线路暂未被探测（代理已停止、主机宕机，或到中心的网络中断）。`,
    agentOnline: (name: string) => `位置 ${name} 的探测代理已恢复上报。`,
    locations: (down: number, total: number) => `${total} 个位置中 ${down} 个中断`,
  },
} as const;

/** A notification as a title and a few plain lines, in the channel's language. */
export function renderMessage(payload: NotificationPayload, lang: Lang): { title: string; text: string } {
  const w = WORDS[lang];
  const subject = payload.route
    ? `${payload.route.targetName} ${w.via} ${payload.route.proxyName}`
    : (payload.target?.name ?? payload.location?.name ?? "ProxyPulse");
  const title = `[ProxyPulse] ${w[payload.event]}: ${subject}`;
  const lines: string[] = [];
  if (payload.event === "test") lines.push(w.testBody);
  if (payload.event === "agent.offline" && payload.location) lines.push(w.agentOffline(payload.location.name));
  if (payload.event === "agent.online" && payload.location) lines.push(w.agentOnline(payload.location.name));
  if (payload.locations) lines.push(`${w.locations(payload.locations.down.length, payload.locations.total)}${payload.locations.down.length ? `: ${payload.locations.down.join(", ")}` : ""}`);
  if (payload.kind) lines.push(`${kindTitle(payload.kind, lang)} (${payload.kind})`);
  if (payload.hint) lines.push(payload.hint[lang]);
  if (payload.event === "quota.exhausted") lines.push(w.quotaBilling);
  if (payload.quota) {
    const show = (left: number | null, limit: number | null) => (left === null ? "?" : `${left}${limit ? `/${limit}` : ""}`);
    lines.push(w.quotaLeft(show(payload.quota.remainingRequests, payload.quota.limitRequests), show(payload.quota.remainingTokens, payload.quota.limitTokens)));
  }
  if (payload.durationMs !== null && payload.previousState) lines.push(`${payload.previousState} ${w.after} ${formatDuration(payload.durationMs, lang)}`);
  if (payload.flaps > 0) lines.push(w.flaps(payload.flaps));
  lines.push(`${payload.at.replace("T", " ").slice(0, 19)} UTC`);
  lines.push(payload.url);
  return { title, text: lines.join("\n") };
}
