import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveriesApi from "@/app/api/deliveries/route";
import * as channelTestApi from "@/app/api/notifications/[id]/test/route";
import * as channelApi from "@/app/api/notifications/[id]/route";
import * as channelsApi from "@/app/api/notifications/route";
import * as maintenanceWindowApi from "@/app/api/maintenance/[id]/route";
import * as maintenanceApi from "@/app/api/maintenance/route";
import * as alertRulesApi from "@/app/api/settings/alerts/route";
import type { OutcomeKind } from "@/lib/classify/kinds";
import { enqueueNotification } from "@/lib/notifications/outbox";
import type { ProbeResult } from "@/lib/probe/run-probe";
import { makeResult } from "../helpers/make-result";
import { startReceiver, startSmtpReceiver } from "../helpers/receivers";
import { call, startTestService, type TestService } from "../helpers/test-service";

const SECRETS = { webhook: "hook-SIGNING-secret", feishu: "feishu-SIGN-secret", dingtalk: "ding-SIGN-secret", telegram: "123456:TELEGRAM-token" };
let receivers: Record<string, Awaited<ReturnType<typeof startReceiver>>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let test: TestService;
let T = Date.now();

const yaml = (extra = "") => `
alerts:
  downAfterFailures: 2
  upAfterSuccesses: 1
  cooldownMinutes: 0.05
  quotaWarnPercent: 10
publicUrl: https://pulse.example.test
maintenance:
  - routes: ["maint/*"]
    from: "2000-01-01T00:00:00Z"
    to: "2100-01-01T00:00:00Z"
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-notify-test
proxies:
  - name: clash
    url: http://127.0.0.1:9201
  - name: maint
    url: http://127.0.0.1:9202
notifications:
  - name: hook
    type: webhook
    url: ${receivers.webhook!.url}/hook
    secret: ${SECRETS.webhook}
  - name: slack
    type: slack
    url: ${receivers.slack!.url}/services/T000/B000/XXXX
  - name: feishu
    type: feishu
    url: ${receivers.feishu!.url}/open-apis/bot/v2/hook/abc
    secret: ${SECRETS.feishu}
    lang: zh
  - name: ding
    type: dingtalk
    url: ${receivers.dingtalk!.url}/robot/send?access_token=DING-token
    secret: ${SECRETS.dingtalk}
  - name: wecom
    type: wecom
    url: ${receivers.wecom!.url}/cgi-bin/webhook/send?key=WECOM-key
  - name: tg
    type: telegram
    token: "${SECRETS.telegram}"
    chatId: -100123
    apiBase: ${receivers.telegram!.url}
  - name: mail
    type: email
    host: 127.0.0.1
    port: ${smtp.port}
    from: proxypulse@example.test
    to: [ops@example.test]
    allowPlain: true
${extra}`;

beforeAll(async () => {
  receivers = {
    webhook: await startReceiver(),
    slack: await startReceiver(() => "ok"),
    feishu: await startReceiver(() => ({ code: 0, msg: "success" })),
    dingtalk: await startReceiver(() => ({ errcode: 0, errmsg: "ok" })),
    wecom: await startReceiver(() => ({ errcode: 0, errmsg: "ok" })),
    telegram: await startReceiver(() => ({ ok: true, result: {} })),
  };
  smtp = await startSmtpReceiver();
  test = await startTestService(yaml(), { deliveryPolicy: { baseDelayMs: 40, maxAttempts: 3, claimMs: 500 }, deliveryIntervalMs: 3_600_000 });
});

afterAll(async () => {
  await test?.stop();
  await Promise.all(Object.values(receivers).map((receiver) => receiver.close()));
  await smtp?.close();
});

const route = (proxy: string) => test.service.catalog.list().find((r) => r.proxyName === proxy)!;
async function record(proxy: string, kinds: OutcomeKind[], extra: Partial<ProbeResult> = {}) {
  const r = route(proxy);
  for (const kind of kinds) {
    T = Math.max(T + 10, Date.now());
    await test.service.writer.write({ routeId: r.id, targetId: r.targetId, result: makeResult(kind, T, 100, extra) });
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const events = (receiver: keyof typeof receivers) => receivers[receiver]!.received.map((entry) => entry.json?.event ?? entry.json);

describe("notification channels", () => {
  it("deliver a route going down to every channel, each in its own format and signed where it takes a secret", async () => {
    await record("clash", ["ok", "proxy_unreachable", "proxy_unreachable"]);
    await test.service.deliverNow();

    const hook = receivers.webhook!.received.at(-1)!;
    expect(hook.json).toMatchObject({
      event: "route.down",
      route: { proxyName: "clash", targetName: "api" },
      kind: "proxy_unreachable",
      hint: { en: expect.stringContaining("start the proxy") },
      url: `https://pulse.example.test/routes/${route("clash").id}`,
      state: "down",
    });
    const timestamp = hook.headers["x-proxypulse-timestamp"] as string;
    expect(hook.headers["x-proxypulse-signature"]).toBe(`sha256=${createHmac("sha256", SECRETS.webhook).update(`${timestamp}.${hook.body}`).digest("hex")}`);
    expect(hook.headers["x-proxypulse-event-id"]).toBe(hook.json.id);

    expect(receivers.slack!.received.at(-1)!.json.text).toMatch(/^\*\[ProxyPulse\] DOWN: api via clash\*\nProxy unreachable \(proxy_unreachable\)/);

    const feishu = receivers.feishu!.received.at(-1)!.json;
    expect(feishu.sign).toBe(createHmac("sha256", `${feishu.timestamp}\n${SECRETS.feishu}`).update("").digest("base64"));
    expect(feishu).toMatchObject({ msg_type: "text" });
    expect(feishu.content.text).toContain("[ProxyPulse] 中断: api 经由 clash");
    expect(feishu.content.text).toContain("代理无法连接");

    const ding = receivers.dingtalk!.received.at(-1)!;
    const query = new URL(ding.path, "http://x").searchParams;
    expect(query.get("access_token")).toBe("DING-token");
    expect(query.get("sign")).toBe(createHmac("sha256", SECRETS.dingtalk).update(`${query.get("timestamp")}\n${SECRETS.dingtalk}`).digest("base64"));
    expect(ding.json).toMatchObject({ msgtype: "text", text: { content: expect.stringContaining("DOWN: api via clash") } });

    expect(receivers.wecom!.received.at(-1)!.json).toMatchObject({ msgtype: "text", text: { content: expect.stringContaining("DOWN") } });
    const tg = receivers.telegram!.received.at(-1)!;
    expect(tg.path).toBe(`/bot${SECRETS.telegram}/sendMessage`);
    expect(tg.json).toMatchObject({ chat_id: "-100123", text: expect.stringContaining("DOWN: api via clash") });

    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(["ops@example.test"]);
    expect(mail.raw).toMatch(/Subject: \[ProxyPulse\] DOWN: api via clash/);
  });

  it("fold flapping into one message per cooldown, then summarise where the route ended up", async () => {
    const before = receivers.webhook!.received.length;
    await record("clash", ["ok", "proxy_unreachable", "proxy_unreachable", "ok"]);
    await test.service.deliverNow();
    expect(receivers.webhook!.received.length).toBe(before);
    await sleep(3100); // the 3 s cooldown passes
    await test.service.deliverNow();
    const summary = receivers.webhook!.received.slice(before);
    expect(summary).toHaveLength(1);
    expect(summary[0]!.json).toMatchObject({ event: "route.up", flaps: 3 });
  });

  it("send nothing for a route in a maintenance window", async () => {
    const before = receivers.webhook!.received.length;
    await record("maint", ["ok", "timeout", "timeout", "timeout"]);
    await test.service.deliverNow();
    expect(receivers.webhook!.received.length).toBe(before);
  });

  it("warn once when quota runs low, and at once when it is exhausted", async () => {
    const before = receivers.webhook!.received.length;
    const low = { limitRequests: 100, remainingRequests: 5, resetRequestsMs: 1000, limitTokens: 1000, remainingTokens: 900, resetTokensMs: 1000, retryAfterMs: null };
    await sleep(3100);
    await record("clash", ["ok"], { quota: low });
    await record("clash", ["ok"], { quota: { ...low, remainingRequests: 4 } });
    await record("clash", ["quota_exhausted"]);
    await test.service.deliverNow();
    const quotaEvents = receivers.webhook!.received.slice(before).map((entry) => entry.json.event).filter((event: string) => event.startsWith("quota"));
    expect(quotaEvents).toEqual(["quota.low", "quota.exhausted"]);
    const exhausted = receivers.webhook!.received.at(-1)!.json;
    expect(exhausted).toMatchObject({ event: "quota.exhausted", target: { name: "api" }, kind: "quota_exhausted", route: null });
  });
});

describe("delivery", () => {
  it("retries with backoff after a failure, and logs a delivery that failed for good with its reason", async () => {
    receivers.slack!.failAlways(true);
    const before = receivers.webhook!.received.length;
    await sleep(3100);
    await record("clash", ["proxy_unreachable", "proxy_unreachable", "proxy_unreachable"]);
    for (let i = 0; i < 4; i++) {
      await test.service.deliverNow();
      await sleep(200);
    }
    receivers.slack!.failAlways(false);
    expect(receivers.webhook!.received.length).toBe(before + 1);
    const { json } = await call(deliveriesApi.GET, { path: "/x?limit=50" });
    const slackFailure = json.deliveries.find((d: { channel: string; status: string }) => d.channel === "slack" && d.status === "failed");
    expect(slackFailure).toMatchObject({ attempts: 3, lastError: expect.stringMatching(/answered HTTP 500$/) });
    expect(JSON.stringify(json)).not.toContain("XXXX");
    expect(JSON.stringify(json)).not.toContain("DING-token");
  });

  it("lets a channel be turned off, renamed or re-pointed in place, keeping its secrets", async () => {
    const other = await startReceiver();
    const created = await call(channelsApi.POST, { method: "POST", body: { name: "spare", type: "webhook", url: `${other.url}/a`, secret: "spare-secret" } });
    const id = String(created.json.channel.id);
    const off = await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { enabled: false } });
    expect(off.json.channel).toMatchObject({ enabled: false, signed: true });
    const renamed = await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { name: "spare-2", url: `${other.url}/b`, enabled: true } });
    expect(renamed.json.channel).toMatchObject({ name: "spare-2", enabled: true, signed: true });
    expect((await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { type: "slack" } })).status).toBe(400);
    expect((await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { url: "not a url" } })).status).toBe(400);
    const fileChannel = (await call(channelsApi.GET)).json.channels.find((c: { name: string }) => c.name === "hook");
    expect((await call(channelApi.PATCH, { method: "PATCH", params: { id: String(fileChannel.id) }, body: { enabled: false } })).status).toBe(403);
    await call(channelTestApi.POST, { method: "POST", params: { id } });
    expect(other.received.map((entry) => entry.path)).toEqual(["/b"]);
    expect(other.received[0]!.headers["x-proxypulse-signature"]).toMatch(/^sha256=/);
    await call(channelApi.DELETE, { method: "DELETE", params: { id } });
    await other.close();
  });

  it("answers a failed Send test with its reason, and retries a queued message until the receiver confirms it, exactly once", async () => {
    const flaky = await startReceiver(() => ({ ok: true }), { failFirst: 2 });
    const created = await call(channelsApi.POST, { method: "POST", body: { name: "flaky", type: "webhook", url: `${flaky.url}/in` } });
    expect(created.status).toBe(201);
    const id = created.json.channel.id as number;
    const sent = await call(channelTestApi.POST, { method: "POST", params: { id: String(id) } });
    expect(sent.json.delivery).toMatchObject({ channel: "flaky", event: "test", status: "failed", attempts: 1, lastError: expect.stringMatching(/answered HTTP 500$/) });
    const now = Date.now();
    await enqueueNotification(
      test.service.store.outbox,
      { id: "retry-check", event: "test", route: null, target: null, kind: null, hint: null, at: new Date(now).toISOString(), url: "https://pulse.example.test", state: null, previousState: null, durationMs: null, flaps: 0, quota: null },
      "retry-check",
      now,
      [id],
    );
    for (let i = 0; i < 3; i++) {
      await test.service.deliverNow();
      await sleep(150);
    }
    expect(flaky.received.map((entry) => entry.json.id)).toEqual(["retry-check"]);
    await flaky.close();
  });

  it("loses nothing and sends nothing twice across a restart with a pending outbox", async () => {
    receivers.webhook!.failAlways(true);
    await sleep(3100);
    await record("clash", ["ok"]);
    await test.service.deliverNow();
    const hook = await test.service.db.notificationChannel.findUniqueOrThrow({ where: { name: "hook" } });
    const pending = (await test.service.db.outboxMessage.findMany({ where: { channelId: hook.id, status: "pending" }, orderBy: { id: "asc" }, select: { eventKey: true } })).map((row) => row.eventKey);
    expect(pending.some((key) => key.endsWith(":up"))).toBe(true);
    const before = receivers.webhook!.received.length;
    receivers.webhook!.failAlways(false);
    // A new process on the same database (the same directory and config).
    const dir = test.dir;
    const { databaseEnv } = test;
    await test.service.stop(500);
    const { startMonitorService } = await import("@/lib/monitoring/monitor-service");
    const restarted = await startMonitorService({
      environment: { ...databaseEnv, PROXYPULSE_ADMIN_TOKEN: "restart-admin-token-0123456789abcdef", PATH: process.env.PATH },
      runScheduler: false,
      cwd: dir,
      deliveryIntervalMs: 3_600_000,
      deliveryPolicy: { baseDelayMs: 10, maxAttempts: 3, claimMs: 500 },
    });
    await sleep(60);
    await restarted.deliverNow();
    await restarted.deliverNow();
    const delivered = receivers.webhook!.received.slice(before);
    // Everything that waited is delivered, each exactly once.
    expect(delivered.map((entry) => entry.headers["x-proxypulse-event-id"])).toEqual(pending);
    await restarted.stop(500);
  });
});

describe("channels API", () => {
  it("lists channels without their URLs' tokens or secrets", async () => {
    test = await startTestService(yaml(), { deliveryIntervalMs: 3_600_000 });
    const { json, text } = await call(channelsApi.GET);
    expect(json.channels.map((c: { name: string }) => c.name)).toEqual(["ding", "feishu", "flaky", "hook", "mail", "slack", "tg", "wecom"].filter((name) => name !== "flaky"));
    expect(json.channels.find((c: { name: string }) => c.name === "hook")).toMatchObject({ type: "webhook", signed: true, readOnly: true });
    for (const secret of [...Object.values(SECRETS), "DING-token", "WECOM-key", "XXXX"]) expect(text).not.toContain(secret);
    const bad = await call(channelsApi.POST, { method: "POST", body: { name: "x", type: "pager", url: "http://127.0.0.1:1" } });
    expect(bad.status).toBe(400);
    // This file sets the alert rules: the dashboard may not change them.
    const rules = await call(alertRulesApi.PUT, { method: "PUT", body: { downAfterFailures: 5, upAfterSuccesses: 1, cooldownMinutes: 1, quotaWarnPercent: 1, degradedAfterMinutes: 1 } });
    expect(rules.status).toBe(403);
    expect(rules.json.error.code).toBe("managed_by_file");
    expect((await call(alertRulesApi.GET)).json).toMatchObject({ source: "file", rules: { downAfterFailures: 2 } });
  });
});

describe("maintenance windows from the UI", () => {
  it("silence a route like the file's windows do, are listed beside them, and can be deleted", async () => {
    const now = Date.now();
    const created = await call(maintenanceApi.POST, { method: "POST", body: { routes: ["clash/*"], from: new Date(now - 60_000).toISOString(), to: new Date(now + 3_600_000).toISOString(), note: "Swapping the node" } });
    expect(created.status).toBe(201);
    const listed = await call(maintenanceApi.GET);
    expect(listed.json.windows.map((w: { source: string; routes: string[] }) => `${w.source}:${w.routes.join(",")}`)).toEqual(["file:maint/*", "api:clash/*"]);

    const before = receivers.webhook!.received.length;
    await record("clash", ["ok", "timeout", "timeout", "timeout"]);
    await test.service.deliverNow();
    expect(receivers.webhook!.received.length).toBe(before);

    const bad = await call(maintenanceApi.POST, { method: "POST", body: { routes: ["x"], from: "2026-12-01T03:00:00Z", to: "2026-12-01T02:00:00Z" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/to: End must be after start/);
    expect((await call(maintenanceWindowApi.DELETE, { method: "DELETE", params: { id: String(created.json.window.id) } })).status).toBe(200);
    expect((await call(maintenanceWindowApi.DELETE, { method: "DELETE", params: { id: String(created.json.window.id) } })).status).toBe(404);
    expect((await call(maintenanceApi.GET, { token: null })).status).toBe(401);
  });
});
