import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveriesApi from "@/app/api/deliveries/route";
import * as channelTestApi from "@/app/api/notifications/[id]/test/route";
import * as channelApi from "@/app/api/notifications/[id]/route";
import * as channelsApi from "@/app/api/notifications/route";
import { parseConfigText } from "@/lib/config/load-config";
import { channelType, CHANNELS, NotificationConfig, type ChannelSettings } from "@/lib/notifications/channel-registry";
import { DeliveryError } from "@/lib/notifications/delivery-error";
import type { NotificationPayload } from "@/lib/notifications/notification-payload";
import { renderMessage } from "@/lib/notifications/render-message";
import { startFakeChannelApi, type FakeAnswer } from "../helpers/fake-channel-api";
import type { Received } from "../helpers/receivers";
import { call, startTestService, type TestService } from "../helpers/test-service";

const DOWN: NotificationPayload = {
  id: "route:7:1764417600000:down",
  event: "route.down",
  route: { id: 7, proxyName: "clash", targetName: "openai" },
  target: { id: 3, name: "openai" },
  kind: null,
  hint: null,
  at: "2026-11-29T12:00:00.000Z",
  url: "https://pulse.example.test/routes/7",
  state: "down",
  previousState: "up",
  durationMs: 3_600_000,
  flaps: 0,
  quota: null,
};
const UP: NotificationPayload = { ...DOWN, id: "route:7:1764421200000:up", event: "route.up", state: "up", previousState: "down", at: "2026-11-29T13:00:00.000Z" };
const message = (payload: NotificationPayload) => ({ payload, ...renderMessage(payload, "en") });
const { title, text } = renderMessage(DOWN, "en");

interface ChannelCase {
  type: string;
  /** The channel's settings, pointed at the fake API at `base`. */
  settings: (base: string) => Record<string, unknown>;
  /** What must never show: in listings, delivery errors, the stored error. */
  secrets: string[];
  /** The real service's success answer. */
  ok: FakeAnswer;
  /** The real service's refusal, quoting what it was sent (as some do), and the reason the delivery must give. */
  refuse: (request: Received) => FakeAnswer;
  reason: RegExp;
  /** The exact request the service receives for DOWN. */
  expectRequest: (request: Received, base: string) => void;
}

/** What a refusal quotes: the request's path and body, secrets included. */
const echo = (request: Received) => `${request.path} ${request.body} ${String(request.headers.authorization ?? "")} ${String(request.headers["x-gotify-key"] ?? "")}`;

const CASES: ChannelCase[] = [
  {
    type: "discord",
    settings: (base) => ({ url: `${base}/api/webhooks/1234567890/DISCORD0webhook0TOKEN0abc` }),
    secrets: ["DISCORD0webhook0TOKEN0abc"],
    ok: { status: 200, body: { id: "1", type: 0, content: "", channel_id: "2" } },
    refuse: (request) => ({ status: 429, body: { message: `You are being rate limited. ${echo(request)}`, retry_after: 1.5, global: false } }),
    reason: /answered HTTP 429: You are being rate limited.*\(retry after 1\.5 s\)/,
    expectRequest: (request) => {
      expect(request.path).toBe("/api/webhooks/1234567890/DISCORD0webhook0TOKEN0abc?wait=true");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.json).toEqual({
        username: "ProxyPulse",
        allowed_mentions: { parse: [] },
        embeds: [{ title, description: text, color: 0xd93025, timestamp: DOWN.at }],
      });
    },
  },
  {
    type: "teams",
    settings: (base) => ({ url: `${base}/workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=TEAMS0signature0VALUE` }),
    secrets: ["TEAMS0signature0VALUE"],
    ok: { status: 202 },
    refuse: (request) => ({ status: 400, body: { error: { code: "InvalidRequestContent", message: `The request content was invalid: ${echo(request)}` } } }),
    reason: /answered HTTP 400: InvalidRequestContent: The request content was invalid/,
    expectRequest: (request) => {
      expect(request.path).toBe("/workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=TEAMS0signature0VALUE");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.json).toEqual({
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            contentUrl: null,
            content: {
              $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
              type: "AdaptiveCard",
              version: "1.4",
              body: [
                { type: "TextBlock", text: title, weight: "Bolder", size: "Medium", color: "Attention", wrap: true },
                ...text.split("\n").map((line) => ({ type: "TextBlock", text: line, wrap: true, spacing: "Small" })),
              ],
              actions: [{ type: "Action.OpenUrl", title: "ProxyPulse", url: DOWN.url }],
            },
          },
        ],
      });
    },
  },
  {
    type: "ntfy",
    settings: (base) => ({ server: base, topic: "pp-alerts-SECRET0topic", token: "tk_NTFY0access0token0xyz" }),
    secrets: ["pp-alerts-SECRET0topic", "tk_NTFY0access0token0xyz"],
    ok: { status: 200, body: { id: "sPs71M8A2T", time: 1764417600, expires: 1764460800, event: "message", topic: "pp-alerts-SECRET0topic", title, message: text } },
    refuse: (request) => ({ status: 403, body: { code: 40301, http: 403, error: `forbidden ${echo(request)}`, link: "https://ntfy.sh/docs/publish/#authentication" } }),
    reason: /answered HTTP 403: forbidden/,
    expectRequest: (request) => {
      expect(request.path).toBe("/");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers.authorization).toBe("Bearer tk_NTFY0access0token0xyz");
      expect(request.json).toEqual({ topic: "pp-alerts-SECRET0topic", title, message: text, priority: 4, tags: ["rotating_light"], click: DOWN.url });
    },
  },
  {
    type: "gotify",
    settings: (base) => ({ server: `${base}/gotify/`, token: "AGotify0App0Token" }),
    secrets: ["AGotify0App0Token"],
    ok: { status: 200, body: { id: 25, appid: 5, message: text, title, priority: 8, date: "2026-11-29T12:00:00Z" } },
    refuse: (request) => ({ status: 401, body: { error: "Unauthorized", errorCode: 401, errorDescription: `you need to provide a valid access token or user credentials to access this api ${echo(request)}` } }),
    reason: /answered HTTP 401: you need to provide a valid access token/,
    expectRequest: (request) => {
      // The token travels in its header, never in the URL (access logs keep URLs).
      expect(request.path).toBe("/gotify/message");
      expect(request.headers["x-gotify-key"]).toBe("AGotify0App0Token");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.json).toEqual({
        title,
        message: text,
        priority: 8,
        extras: { "client::display": { contentType: "text/plain" }, "client::notification": { click: { url: DOWN.url } } },
      });
    },
  },
  {
    type: "pagerduty",
    settings: (base) => ({ routingKey: "R0PAGERDUTY0integration0KEY00ab", apiBase: base }),
    secrets: ["R0PAGERDUTY0integration0KEY00ab"],
    ok: { status: 202, body: { status: "success", message: "Event processed", dedup_key: "proxypulse/route/7" } },
    refuse: (request) => ({ status: 400, body: { status: "invalid event", message: "Event object is invalid", errors: [`Length of 'routing_key' is incorrect: ${echo(request)}`] } }),
    reason: /answered HTTP 400: Event object is invalid; Length of 'routing_key' is incorrect/,
    expectRequest: (request) => {
      expect(request.path).toBe("/v2/enqueue");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.json).toEqual({
        routing_key: "R0PAGERDUTY0integration0KEY00ab",
        event_action: "trigger",
        dedup_key: "proxypulse/route/7",
        payload: {
          summary: title,
          source: "clash/openai",
          severity: "critical",
          timestamp: DOWN.at,
          component: "openai",
          group: "clash",
          custom_details: { event: "route.down", details: text, state: "down", kind: null, quota: null },
        },
        client: "ProxyPulse",
        client_url: DOWN.url,
      });
    },
  },
  {
    type: "bark",
    settings: (base) => ({ server: base, deviceKey: "BARK0device0KEY0abc123" }),
    secrets: ["BARK0device0KEY0abc123"],
    ok: { status: 200, body: { code: 200, message: "success", timestamp: 1764417600 } },
    // bark-server quotes the key it could not find.
    refuse: (request) => ({ status: 400, body: { code: 400, message: `failed to get device token: failed to get [${(request.json as { device_key?: string } | null)?.device_key}] device token from database`, timestamp: 1764417600 } }),
    reason: /answered HTTP 400: failed to get device token: failed to get \[\*\*\*\*\] device token/,
    expectRequest: (request) => {
      expect(request.path).toBe("/push");
      expect(request.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(request.json).toEqual({ device_key: "BARK0device0KEY0abc123", title, body: text, group: "ProxyPulse", url: DOWN.url, level: "timeSensitive" });
    },
  },
  {
    type: "serverchan",
    settings: (base) => ({ sendKey: "SCT123456TServerChan0SendKey0x", apiBase: base }),
    secrets: ["SCT123456TServerChan0SendKey0x"],
    ok: { status: 200, body: { code: 0, message: "", data: { pushid: "123", readkey: "abc", error: "SUCCESS", errno: 0 } } },
    // ServerChan answers HTTP 200 with its own code.
    refuse: (request) => ({ status: 200, body: { code: 40001, message: `bad pushtoken ${echo(request)}`, data: null } }),
    reason: /^ServerChan refused the message: \{"code":40001,"message":"bad pushtoken/,
    expectRequest: (request) => {
      expect(request.path).toBe("/SCT123456TServerChan0SendKey0x.send");
      expect(request.headers["content-type"]).toBe("application/json;charset=utf-8");
      // Its title holds 32 characters: cut, with the whole title opening the body.
      expect(title.length).toBeGreaterThan(32);
      expect(request.json).toEqual({ title: `${title.slice(0, 31)}…`, desp: [title, ...text.split("\n")].join("\n\n") });
    },
  },
  {
    type: "pushplus",
    settings: (base) => ({ token: "PUSHPLUS0user0token0abcdef", apiBase: base }),
    secrets: ["PUSHPLUS0user0token0abcdef"],
    ok: { status: 200, body: { code: 200, msg: "请求成功", data: "msg0id", count: null } },
    // PushPlus answers HTTP 200 with its own code.
    refuse: (request) => ({ status: 200, body: { code: 903, msg: `无效的用户token ${echo(request)}`, data: null } }),
    reason: /refused the message: \{"code":903,"msg":"无效的用户token/,
    expectRequest: (request) => {
      expect(request.path).toBe("/send");
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.json).toEqual({ token: "PUSHPLUS0user0token0abcdef", title, content: text, template: "txt" });
    },
  },
];

/** A channel's settings as its schema gives them (defaults filled), the way the outbox opens them. */
function parsedSettings(type: string, settings: Record<string, unknown>): ChannelSettings {
  const { name: _name, lang: _lang, enabled: _enabled, ...rest } = NotificationConfig.parse({ name: "x", type, ...settings });
  return rest;
}

let test: TestService;
beforeAll(async () => {
  test = await startTestService("probeNowCooldownSeconds: 0\n");
});
afterAll(async () => {
  await test?.stop();
});

describe("each channel type speaks its service's API", () => {
  it.each(CASES)("$type: sends the exact request the service expects, and reports its refusal with the service's reason", async (channel) => {
    const api = await startFakeChannelApi(() => channel.ok);
    try {
      const settings = parsedSettings(channel.type, channel.settings(api.url));
      await channelType(channel.type).send(settings, message(DOWN), Date.parse(DOWN.at));
      expect(api.received).toHaveLength(1);
      channel.expectRequest(api.received[0]!, api.url);

      api.answerWith(channel.refuse);
      const failure = await channelType(channel.type).send(settings, message(DOWN), Date.parse(DOWN.at)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DeliveryError);
      // The sender's own text names the receiver; the secrets it may quote are taken out on the way to the log (next test).
      expect((failure as Error).message).toMatch(/answered HTTP|refused the message/);
    } finally {
      await api.close();
    }
  });

  it.each(CASES)("$type: Send test through the API is delivered, then refused with a reason that names none of its secrets", async (channel) => {
    const api = await startFakeChannelApi(() => channel.ok);
    try {
      const created = await call(channelsApi.POST, { method: "POST", body: { name: `api-${channel.type}`, type: channel.type, ...channel.settings(api.url) } });
      expect(created.status).toBe(201);
      const id = String(created.json.channel.id);
      const listed = (await call(channelsApi.GET)).text;
      const sent = await call(channelTestApi.POST, { method: "POST", params: { id } });
      expect(sent.json.delivery).toMatchObject({ status: "sent", lastError: null, event: "test" });

      api.answerWith(channel.refuse);
      const refused = await call(channelTestApi.POST, { method: "POST", params: { id } });
      expect(refused.json.delivery.status).toBe("failed");
      expect(refused.json.delivery.lastError).toMatch(channel.reason);
      const stored = (await test.service.db.outboxMessage.findMany({ where: { channelId: Number(id), lastError: { not: null } }, select: { lastError: true } })) as Array<{ lastError: string }>;
      expect(stored).toHaveLength(1);
      const shown = (await call(deliveriesApi.GET)).text;
      for (const secret of channel.secrets) {
        for (const where of [listed, refused.text, stored[0]!.lastError, shown]) expect(where).not.toContain(secret);
      }
      // The refusal did quote them: they were there to be taken out.
      expect(api.received.some((request) => channel.secrets.some((secret) => echo(request).includes(secret)))).toBe(true);
    } finally {
      await api.close();
    }
  });

  it.each(CASES)("$type: a URL setting with user:password@ is refused, through the API and in proxypulse.yaml", async (channel) => {
    const settings = channel.settings("http://user:pw@127.0.0.1:9");
    const response = await call(channelsApi.POST, { method: "POST", body: { name: `creds-${channel.type}`, type: channel.type, ...settings } });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/must not contain credentials/);
    const yaml = `notifications:\n  - ${JSON.stringify({ name: "c", type: channel.type, ...settings })}\n`;
    expect(() => parseConfigText(yaml, "proxypulse.yaml", {})).toThrow(/must not contain credentials/);
    expect(parseConfigText(`notifications:\n  - ${JSON.stringify({ name: "c", type: channel.type, ...channel.settings("http://127.0.0.1:9") })}\n`, "proxypulse.yaml", {}).notifications).toHaveLength(1);
  });
});

describe("secrets stay with their destination", () => {
  it.each([
    ["ntfy", { server: "http://127.0.0.1:9", topic: "pp-topic-stay", token: "tk_stay0token" }, "server", ["topic", "token"]],
    ["gotify", { server: "http://127.0.0.1:9", token: "Gstay0token" }, "server", ["token"]],
    ["pagerduty", { routingKey: "R0stay0routing0key", apiBase: "http://127.0.0.1:9" }, "apiBase", ["routingKey"]],
    ["bark", { deviceKey: "BARKstay0key" }, "server", ["deviceKey"]],
    ["serverchan", { sendKey: "SCTstay0key" }, "apiBase", ["sendKey"]],
    ["pushplus", { token: "PPstay0token" }, "apiBase", ["token"]],
  ] as const)("%s: moving it to another server needs its secrets again; other changes keep them", async (type, settings, destination, secrets) => {
    const created = await call(channelsApi.POST, { method: "POST", body: { name: `stay-${type}`, type, ...settings } });
    expect(created.status).toBe(201);
    const id = String(created.json.channel.id);
    const moved = await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { [destination]: "http://127.0.0.2:9" } });
    expect(moved.status).toBe(400);
    expect(moved.json.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual([...secrets].sort());
    const renamed = await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { name: `stay-${type}-2` } });
    expect(renamed.status).toBe(200);
    const given = Object.fromEntries(secrets.map((key) => [key, settings[key as keyof typeof settings]]));
    const movedWithSecrets = await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { [destination]: "http://127.0.0.2:9", ...given } });
    expect(movedWithSecrets.status).toBe(200);
  });
});

describe("channel details", () => {
  it("PagerDuty resolves a route's alert on recovery with the key that triggered it, and a test resolves its own alert at once", async () => {
    const api = await startFakeChannelApi(() => ({ status: 202, body: { status: "success", message: "Event processed", dedup_key: "x" } }));
    try {
      const settings = parsedSettings("pagerduty", { routingKey: "R0resolve0key", apiBase: api.url });
      await channelType("pagerduty").send(settings, message(DOWN), Date.now());
      await channelType("pagerduty").send(settings, message(UP), Date.now());
      expect(api.received[1]!.json).toEqual({ routing_key: "R0resolve0key", event_action: "resolve", dedup_key: api.received[0]!.json.dedup_key });
      const test: NotificationPayload = { ...DOWN, id: "test:1:2", event: "test", route: null, target: null, state: null, previousState: null, durationMs: null };
      await channelType("pagerduty").send(settings, message(test), Date.now());
      expect(api.received.slice(2).map((request) => [request.json.event_action, request.json.dedup_key])).toEqual([
        ["trigger", "proxypulse/test:1:2"],
        ["resolve", "proxypulse/test:1:2"],
      ]);
      expect(api.received[2]!.json.payload.severity).toBe("info");
    } finally {
      await api.close();
    }
  });

  it("PagerDuty answering 2xx without success is a refusal", async () => {
    const api = await startFakeChannelApi(() => ({ status: 200, body: "<html>captive portal</html>" }));
    try {
      const failure = await channelType("pagerduty").send(parsedSettings("pagerduty", { routingKey: "R0key0x", apiBase: api.url }), message(DOWN), Date.now()).catch((error: unknown) => error);
      expect((failure as Error).message).toMatch(/^the PagerDuty Events API refused the message/);
    } finally {
      await api.close();
    }
  });

  it.each([
    ["SCT123TturboKey", "/SCT123TturboKey.send"],
    ["sctp4567tSC3key0abc", "/send/sctp4567tSC3key0abc.send"],
  ])("ServerChan key %s is sent to its own path (Turbo or ServerChan³)", async (sendKey, path) => {
    const api = await startFakeChannelApi(() => ({ status: 200, body: { code: 0, message: "" } }));
    try {
      await channelType("serverchan").send(parsedSettings("serverchan", { sendKey, apiBase: api.url }), message(DOWN), Date.now());
      expect(api.received[0]!.path).toBe(path);
    } finally {
      await api.close();
    }
  });

  it("ntfy with a user and password sends Basic auth; a token and a user together are refused", async () => {
    const api = await startFakeChannelApi(() => ({ status: 200, body: { id: "abc", event: "message" } }));
    try {
      await channelType("ntfy").send(parsedSettings("ntfy", { server: api.url, topic: "t1", user: "phil", password: "ntfy0pass" }), message(DOWN), Date.now());
      expect(api.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from("phil:ntfy0pass").toString("base64")}`);
      const both = await call(channelsApi.POST, { method: "POST", body: { name: "ntfy-both", type: "ntfy", topic: "t1", token: "tk_x", user: "phil", password: "p" } });
      expect(both.status).toBe(400);
    } finally {
      await api.close();
    }
  });

  it("a server that answers 200 but is not the service (ntfy, Gotify, Bark, PushPlus) does not count as delivered", async () => {
    const api = await startFakeChannelApi(() => ({ status: 200, body: "<html>login</html>" }));
    try {
      for (const [type, settings] of [
        ["ntfy", { server: api.url, topic: "t1" }],
        ["gotify", { server: api.url, token: "Gtoken" }],
        ["bark", { server: api.url, deviceKey: "k1" }],
        ["pushplus", { apiBase: api.url, token: "p1" }],
      ] as const) {
        const failure = await channelType(type).send(parsedSettings(type, settings), message(DOWN), Date.now()).catch((error: unknown) => error);
        expect(failure, type).toBeInstanceOf(DeliveryError);
      }
    } finally {
      await api.close();
    }
  });

  it("the real services are the defaults", () => {
    expect(parsedSettings("ntfy", { topic: "t" })).toMatchObject({ server: "https://ntfy.sh" });
    expect(parsedSettings("pagerduty", { routingKey: "k" })).toMatchObject({ apiBase: "https://events.pagerduty.com" });
    expect(parsedSettings("bark", { deviceKey: "k" })).toMatchObject({ server: "https://api.day.app", group: "ProxyPulse" });
    expect(parsedSettings("pushplus", { token: "k" })).toMatchObject({ apiBase: "https://www.pushplus.plus" });
    expect(parsedSettings("serverchan", { sendKey: "k" })).not.toHaveProperty("apiBase");
    expect(() => parsedSettings("gotify", { token: "k" })).toThrow();
  });

  it("every registered type has a form with at least one field, each naming a setting its schema knows", () => {
    for (const channel of CHANNELS) {
      expect(channel.fields.length, channel.type).toBeGreaterThan(0);
      const known = Object.keys(channel.schema.shape);
      for (const field of channel.fields) expect(known, `${channel.type}.${field.key}`).toContain(field.key);
      for (const key of [...channel.secrets.values, ...channel.secrets.urls, ...channel.secrets.destination]) expect(known, `${channel.type}.${String(key)}`).toContain(key);
    }
  });
});
