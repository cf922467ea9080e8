import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as deliveriesApi from "@/app/api/deliveries/route";
import * as channelTestApi from "@/app/api/notifications/[id]/test/route";
import * as channelApi from "@/app/api/notifications/[id]/route";
import * as channelsApi from "@/app/api/notifications/route";
import * as maintenanceApi from "@/app/api/maintenance/route";
import * as proxyApi from "@/app/api/proxies/[id]/route";
import * as proxiesApi from "@/app/api/proxies/route";
import * as testRouteApi from "@/app/api/probes/test/route";
import * as targetApi from "@/app/api/targets/[id]/route";
import * as targetsApi from "@/app/api/targets/route";
import { ConfigError, parseConfigText } from "@/lib/config/load-config";
import { feishu } from "@/lib/notifications/channels/feishu";
import { slack } from "@/lib/notifications/channels/slack";
import { startReceiver } from "../helpers/receivers";
import { writeCaFile } from "../helpers/probe-harness";
import { call, startTestService, type TestService } from "../helpers/test-service";

/** A receiver that refuses every message, quoting back everything it was sent (as some chat APIs do). */
async function startEchoReceiver() {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const echo = `${request.url} ${JSON.stringify(request.headers)} ${Buffer.concat(chunks).toString("utf8")}`;
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, code: 1, errcode: 1, description: `refused ${echo}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * An "attacker" on loopback: a server that records every credential sent to
 * it, as an API (Authorization) or as an HTTP proxy (Proxy-Authorization).
 */
async function startAttacker() {
  const credentials: string[] = [];
  let requests = 0;
  const record = (headers: http.IncomingHttpHeaders) => {
    requests += 1;
    for (const name of ["authorization", "proxy-authorization", "x-api-key"]) if (headers[name]) credentials.push(String(headers[name]));
  };
  const server = http.createServer((request, response) => {
    record(request.headers);
    response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "no" } }));
  });
  server.on("connect", (request: http.IncomingMessage, socket: import("node:net").Socket) => {
    record(request.headers);
    socket.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=x\r\ncontent-length: 0\r\n\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    credentials,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

let test: TestService;
let scratch: string;
let caFile: string;

beforeAll(async () => {
  caFile = await writeCaFile();
  scratch = mkdtempSync(join(tmpdir(), "proxypulse-secrets-"));
  test = await startTestService(`
targets:
  - name: file-target
    baseUrl: http://127.0.0.1:9/v1
    apiKey: \${OPENAI_API_KEY}
timeoutMs: 3000
probeNowCooldownSeconds: 0
proxies:
  - name: direct
    url: direct
`, { env: { OPENAI_API_KEY: "sk-env-OPENAI-key-0001", PROXYPULSE_SECRET_KEY: "a".repeat(64), OTHER_SECRET: "other-SECRET-value" } });
});

afterAll(async () => {
  await test?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("a target's CA file", () => {
  const unusable = () => {
    const fifo = join(scratch, "ca.fifo");
    execFileSync("mkfifo", [fifo]);
    const big = join(scratch, "big.pem");
    writeFileSync(big, `-----BEGIN CERTIFICATE-----\n${"A".repeat(1024 * 1024 + 10)}\n`);
    const dir = join(scratch, "a-directory");
    mkdirSync(dir);
    const noPem = join(scratch, "plain.txt");
    writeFileSync(noPem, "not a certificate");
    return [
      ["/dev/zero", "/dev/zero"],
      ["a FIFO", fifo],
      ["a directory", dir],
      ["a file over 1 MB", big],
      ["a nonexistent path", join(scratch, "missing.pem")],
      ["a file without a certificate", noPem],
    ] as const;
  };
  let cases: ReturnType<typeof unusable>;
  beforeAll(() => {
    cases = unusable();
  });

  it("is refused with one neutral 400 whatever is wrong with it (create, update, test before saving)", async () => {
    const created = await call(targetsApi.POST, { method: "POST", body: { name: "ca-target", baseUrl: "https://127.0.0.1:9/v1", caFile } });
    expect(created.status).toBe(201);
    const id = String(created.json.target.id);
    for (const [what, path] of cases) {
      const message = `Cannot use CA file "${path}": it must be a readable regular file of at most 1 MB holding PEM certificates.`;
      const responses = [
        await call(targetsApi.POST, { method: "POST", body: { name: "ca-new", baseUrl: "https://127.0.0.1:9/v1", caFile: path } }),
        await call(targetApi.PATCH, { method: "PATCH", params: { id }, body: { caFile: path } }),
        await call(testRouteApi.POST, { method: "POST", body: { target: { baseUrl: "https://127.0.0.1:9/v1", caFile: path, probe: "models" } } }),
      ];
      for (const response of responses) {
        expect({ what, status: response.status, error: response.json.error }).toEqual({ what, status: 400, error: { code: "invalid_input", message, details: expect.anything() } });
      }
    }
    expect((await call(targetApi.GET, { params: { id } })).json.target.caFile).toBe(caFile);
  });
});

describe("maintenance route patterns", () => {
  const window = (routes: string[]) => ({ routes, from: "2026-12-01T02:00:00Z", to: "2026-12-01T03:00:00Z" });
  it.each([
    ["longer than 200 characters", ["x".repeat(201)], /at most 200 characters/],
    ["with more than 8 wildcards", [`${"*a".repeat(9)}`], /at most 8 '\*' wildcards/],
  ])("are refused %s, through the API and in proxypulse.yaml", async (_what, routes, message) => {
    const response = await call(maintenanceApi.POST, { method: "POST", body: window(routes) });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(message);
    const yaml = `maintenance:\n  - routes: ${JSON.stringify(routes)}\n    from: "2026-12-01T02:00:00Z"\n    to: "2026-12-01T03:00:00Z"\n`;
    expect(() => parseConfigText(yaml, "proxypulse.yaml", {})).toThrow(ConfigError);
    expect(() => parseConfigText(yaml, "proxypulse.yaml", {})).toThrow(message);
  });

  it("are accepted up to the limits", async () => {
    const response = await call(maintenanceApi.POST, { method: "POST", body: window([`${"*a".repeat(8)}`, "y".repeat(200)]) });
    expect(response.status).toBe(201);
  });
});

describe("notification channel secrets in the delivery log", () => {
  let echo: Awaited<ReturnType<typeof startEchoReceiver>>;
  beforeAll(async () => {
    echo = await startEchoReceiver();
  });
  afterAll(async () => {
    await echo?.close();
  });

  it.each([
    ["webhook", { url: "http://u:p@127.0.0.1:9/hook" }],
    ["slack", { url: "https://hookuser@hooks.slack.example/services/T1/B2/x" }],
    ["telegram", { token: "1:x", chatId: 1, apiBase: "http://bot:pw@127.0.0.1:9" }],
  ])("a %s URL with credentials is refused, through the API and in proxypulse.yaml", async (type, settings) => {
    const response = await call(channelsApi.POST, { method: "POST", body: { name: `creds-${type}`, type, ...settings } });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(/must not contain credentials/);
    const yaml = `notifications:\n  - ${JSON.stringify({ name: "c", type, ...settings })}\n`;
    expect(() => parseConfigText(yaml, "proxypulse.yaml", {})).toThrow(/must not contain credentials/);
  });

  it.each([
    ["feishu", { url: "/open-apis/bot/v2/hook/feishu0token0PATH42", secret: "feishu-SIGN-secret-1" }, ["feishu0token0PATH42", "feishu-SIGN-secret-1"]],
    ["dingtalk", { url: "/robot/send?access_token=DING0QUERY0token", secret: "ding-SIGN-secret-2" }, ["DING0QUERY0token", "ding-SIGN-secret-2"]],
    ["wecom", { url: "/cgi-bin/webhook/send?key=WECOM0QUERY0key" }, ["WECOM0QUERY0key"]],
    ["telegram", { token: "424242:TELEGRAM0bot0token", chatId: "-100" }, ["424242:TELEGRAM0bot0token", "TELEGRAM0bot0token"]],
  ] as const)("a %s channel's secrets never reach the stored or shown error", async (type, settings, secrets) => {
    const body: Record<string, unknown> = { name: `echo-${type}`, type, ...settings };
    if ("url" in settings) body.url = `${echo.url}${settings.url}`;
    if (type === "telegram") body.apiBase = echo.url;
    const created = await call(channelsApi.POST, { method: "POST", body });
    expect(created.status).toBe(201);
    const tested = await call(channelTestApi.POST, { method: "POST", params: { id: String(created.json.channel.id) } });
    expect(tested.json.delivery.lastError).toMatch(/refused/);
    const stored = test.service.sqlite!.prepare(`SELECT lastError FROM "OutboxMessage" WHERE channelId = ?`).all(created.json.channel.id) as Array<{ lastError: string }>;
    const shown = (await call(deliveriesApi.GET)).text;
    for (const secret of secrets) {
      expect(tested.text).not.toContain(secret);
      expect(JSON.stringify(stored)).not.toContain(secret);
      expect(shown).not.toContain(secret);
    }
    expect(stored[0]!.lastError).toContain("****");
  });

  // The receiver's answer was cut to 200 characters before redaction: a token across the cut kept its first part.
  it("a token that the receiver's answer quotes across the length cut is not shown in part either", async () => {
    const token = "DINGstraddle0token0value";
    const server = http.createServer((request, response) => {
      request.resume();
      const prefix = '{"errcode":1,"errmsg":"';
      response.writeHead(200, { "content-type": "application/json" }).end(`${prefix}${"x".repeat(196 - 7 - prefix.length)}${token}"}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send?access_token=${token}`;
      const created = await call(channelsApi.POST, { method: "POST", body: { name: "straddle", type: "dingtalk", url } });
      const tested = await call(channelTestApi.POST, { method: "POST", params: { id: String(created.json.channel.id) } });
      expect(tested.json.delivery.lastError).toMatch(/refused/);
      const stored = test.service.sqlite!.prepare(`SELECT lastError FROM "OutboxMessage" WHERE channelId = ?`).get(created.json.channel.id) as { lastError: string };
      for (const text of [tested.text, stored.lastError]) expect(text).not.toContain(token.slice(0, 7));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("a channel saved before URLs with credentials were refused never shows them either", async () => {
    const url = `http://hookuser0name:hook0PASSWORD@127.0.0.1:9/hook/legacy0path0token1?token=QUERY0token0value`;
    const channel = await test.service.db.notificationChannel.create({
      data: { name: "legacy", type: "webhook", lang: "en", enabled: true, settingsSecret: test.service.box.seal(JSON.stringify({ url })), source: "api" },
    });
    const tested = await call(channelTestApi.POST, { method: "POST", params: { id: String(channel.id) } });
    expect(tested.json.delivery.status).toBe("failed");
    const stored = test.service.sqlite!.prepare(`SELECT lastError FROM "OutboxMessage" WHERE channelId = ?`).get(channel.id) as { lastError: string };
    for (const secret of ["hookuser0name", "hook0PASSWORD", "legacy0path0token1", "QUERY0token0value"]) {
      expect(stored.lastError).not.toContain(secret);
      expect(tested.text).not.toContain(secret);
    }
  });
});

describe("write-only secrets stay where they were saved", () => {
  const KEY = "sk-saved-TARGET-key-31337";
  const PASSWORD = "saved-PROXY-pass-31337";
  let attacker: Awaited<ReturnType<typeof startAttacker>>;
  let honest: Awaited<ReturnType<typeof startAttacker>>;
  let targetId: string;
  let proxyId: string;
  beforeAll(async () => {
    attacker = await startAttacker();
    honest = await startAttacker();
    const target = await call(targetsApi.POST, { method: "POST", body: { name: "saved-target", baseUrl: `${honest.url}/v1`, apiKey: KEY, probe: "models" } });
    targetId = String(target.json.target.id);
    const proxy = await call(proxiesApi.POST, { method: "POST", body: { name: "saved-proxy", url: `http://user:${PASSWORD}@127.0.0.1:${honest.port}` } });
    proxyId = String(proxy.json.proxy.id);
  });
  afterAll(async () => {
    await attacker?.close();
    await honest?.close();
  });

  it.each([
    ["test before saving: a saved target pointed at another host", () => ({ targetId: Number(targetId), target: { baseUrl: `${attacker.url}/v1`, probe: "models" } }), /saved API key is only sent/],
    ["test before saving: the same host on another port", () => ({ targetId: Number(targetId), target: { baseUrl: `http://127.0.0.1:${attacker.port}/v1` } }), /saved API key is only sent/],
    ["test before saving: a saved proxy pointed at another host", () => ({ proxyId: Number(proxyId), proxyUrl: `http://user@127.0.0.1:${attacker.port}`, target: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "k" } }), /saved proxy password is only sent/],
    ["test before saving: a saved proxy turned into a SOCKS proxy elsewhere", () => ({ proxyId: Number(proxyId), proxyUrl: `socks5://user@127.0.0.1:${attacker.port}`, target: { baseUrl: "http://127.0.0.1:9/v1", apiKey: "k" } }), /saved proxy password is only sent/],
  ])("%s: 400, and the attacker receives nothing", async (_what, body, message) => {
    const response = await call(testRouteApi.POST, { method: "POST", body: body() });
    expect(response.status).toBe(400);
    expect(response.json.error.message).toMatch(message);
    expect(attacker.requests).toBe(0);
    expect(attacker.credentials).toEqual([]);
  });

  it.each(["PATH", "HOME", "PROXYPULSE_SECRET_KEY", "PROXYPULSE_ADMIN_TOKEN", "PROXYPULSE_API_KEY", "OTHER_SECRET", "openai_api_key"])(
    "apiKeyEnv %s is refused everywhere (test before saving, create, update, proxypulse.yaml) and nothing is sent",
    async (name) => {
      const tested = await call(testRouteApi.POST, { method: "POST", body: { target: { baseUrl: `${attacker.url}/v1`, apiKeyEnv: name, probe: "models" } } });
      const created = await call(targetsApi.POST, { method: "POST", body: { name: `env-${name}`, baseUrl: `${attacker.url}/v1`, apiKeyEnv: name } });
      const updated = await call(targetApi.PATCH, { method: "PATCH", params: { id: targetId }, body: { apiKeyEnv: name } });
      for (const response of [tested, created, updated]) {
        expect(response.status).toBe(400);
        expect(response.json.error.message).toMatch(/apiKeyEnv: The environment variable (must be named in capitals ending in _API_KEY|cannot be one of ProxyPulse's own)/);
      }
      expect(() => parseConfigText(`targets:\n  - name: t\n    baseUrl: https://a/v1\n    apiKeyEnv: ${name}\n`, "proxypulse.yaml", {})).toThrow(ConfigError);
      expect(() => parseConfigText(`targets:\n  - name: t\n    baseUrl: https://a/v1\n    apiKey: \${${name}}\n`, "proxypulse.yaml", { [name]: "x" })).toThrow(ConfigError);
      expect(attacker.requests).toBe(0);
    },
  );

  // A saved target that reads its key from OPENAI_API_KEY (here the file's, at http://127.0.0.1:9): the variable follows it only on its own host.
  it("a saved target's key variable goes only to that target's host, like a sealed key", async () => {
    const fileTarget = (await call(targetsApi.GET)).json.targets.find((t: { name: string }) => t.name === "file-target");
    const tested = await call(testRouteApi.POST, { method: "POST", body: { targetId: fileTarget.id, target: { baseUrl: `${attacker.url}/v1`, probe: "models" } } });
    expect({ status: tested.status, message: tested.json.error?.message }).toEqual({ status: 400, message: expect.stringMatching(/enter the key again/) });
    const envTarget = await call(targetsApi.POST, { method: "POST", body: { name: "env-keyed", baseUrl: "http://127.0.0.1:9/v1", apiKeyEnv: "OPENAI_API_KEY", probe: "models" } });
    expect(envTarget.status).toBe(201);
    const moved = await call(targetApi.PATCH, { method: "PATCH", params: { id: String(envTarget.json.target.id) }, body: { baseUrl: `${attacker.url}/v1` } });
    expect({ status: moved.status, message: moved.json.error?.message }).toEqual({ status: 400, message: expect.stringMatching(/enter the key again/) });
    // Its own host still works.
    const sameHost = await call(testRouteApi.POST, { method: "POST", body: { targetId: fileTarget.id, target: { baseUrl: "http://127.0.0.1:9/other/v1", probe: "models" } } });
    expect(sameHost.status).toBe(200);
    await call(targetApi.DELETE, { method: "DELETE", params: { id: String(envTarget.json.target.id) } });
    expect(attacker.credentials.join()).not.toContain("sk-env-OPENAI-key-0001");
    expect(attacker.requests).toBe(0);
  });

  // "abc…6789" of a 12-character relay key left 5 characters to guess.
  it.each([
    ["a 12-character key", "relay-123456", "****"],
    ["an 18-character key", "sk-relay-123456789", "****"],
    ["a 19-character key", "sk-relay-1234567890", "sk-…7890"],
  ])("the API shows %s only as far as the rest stays unguessable", async (_what, key, shown) => {
    const created = await call(targetsApi.POST, { method: "POST", body: { name: `mask-${key.length}`, baseUrl: "https://127.0.0.1:9/v1", apiKey: key } });
    expect(created.json.target.apiKey).toBe(shown);
    expect((await call(targetsApi.GET)).text).not.toContain(key.slice(0, 6));
  });

  it("a target's base URL moves to another host only with its key entered again", async () => {
    const moved = await call(targetApi.PATCH, { method: "PATCH", params: { id: targetId }, body: { baseUrl: `${attacker.url}/v1` } });
    expect(moved.status).toBe(400);
    expect(moved.json.error.message).toMatch(/saved API key is only sent/);
    expect((await call(targetApi.GET, { params: { id: targetId } })).json.target.baseUrl).toBe(`${honest.url}/v1`);
    // Same host, another path: the key stays.
    const samePlace = await call(targetApi.PATCH, { method: "PATCH", params: { id: targetId }, body: { baseUrl: `${honest.url}/openai/v1` } });
    expect(samePlace.status).toBe(200);
    expect(samePlace.json.target.apiKey).not.toBeNull();
    const rekeyed = await call(targetApi.PATCH, { method: "PATCH", params: { id: targetId }, body: { baseUrl: `${attacker.url}/v1`, apiKey: "sk-new-KEY-for-new-host" } });
    expect(rekeyed.status).toBe(200);
    await call(targetApi.PATCH, { method: "PATCH", params: { id: targetId }, body: { baseUrl: `${honest.url}/v1`, apiKey: KEY } });
    expect(attacker.credentials.join()).not.toContain(KEY);
  });

  it("a proxy moves to another host or port only with its password entered again", async () => {
    const moved = await call(proxyApi.PATCH, { method: "PATCH", params: { id: proxyId }, body: { url: `http://user@127.0.0.1:${attacker.port}` } });
    expect(moved.status).toBe(400);
    expect(moved.json.error.message).toMatch(/saved proxy password is only sent/);
    expect((await call(proxiesApi.GET)).json.proxies.find((p: { id: number }) => String(p.id) === proxyId).url).toBe(`http://user:****@127.0.0.1:${honest.port}`);
    const renamedUser = await call(proxyApi.PATCH, { method: "PATCH", params: { id: proxyId }, body: { url: `http://user@127.0.0.1:${honest.port}` } });
    expect(renamedUser.status).toBe(200);
    expect(renamedUser.json.proxy.hasPassword).toBe(true);
    const reentered = await call(proxyApi.PATCH, { method: "PATCH", params: { id: proxyId }, body: { url: `http://user:new-pass@127.0.0.1:${attacker.port}` } });
    expect(reentered.status).toBe(200);
    await call(proxyApi.PATCH, { method: "PATCH", params: { id: proxyId }, body: { url: `http://user:${PASSWORD}@127.0.0.1:${honest.port}` } });
  });

  it("the saved key and password are still used for the host they were saved for", async () => {
    const response = await call(testRouteApi.POST, { method: "POST", body: { targetId: Number(targetId), proxyId: Number(proxyId) } });
    expect(response.status).toBe(200);
    // The honest proxy refuses the tunnel, but it was offered the saved password.
    expect(honest.credentials).toContain(`Basic ${Buffer.from(`user:${PASSWORD}`).toString("base64")}`);
    expect(attacker.credentials).toEqual([]);
  });
});

describe("a channel's saved secrets stay with its destination", () => {
  const TOKEN = "777777:SAVED0telegram0TOKEN";
  const SMTP_PASSWORD = "saved-SMTP-pass-31337";
  const seen: string[] = [];
  let recorder: http.Server;
  let recorderUrl: string;
  beforeAll(async () => {
    // Records where each request went and what it carried (a Telegram token travels in the path).
    recorder = http.createServer((request, response) => {
      request.resume();
      seen.push(`${request.url} ${JSON.stringify(request.headers)}`);
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
    recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => recorder.close(() => resolve()));
  });

  it("a Telegram channel moved to another API base needs its token again, so Send test cannot carry it there", async () => {
    const created = await call(channelsApi.POST, { method: "POST", body: { name: "tg-saved", type: "telegram", token: TOKEN, chatId: "-100", apiBase: "http://127.0.0.1:9" } });
    expect(created.status).toBe(201);
    const id = String(created.json.channel.id);
    const moved = await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { apiBase: recorderUrl } });
    expect({ status: moved.status, message: moved.json.error?.message }).toEqual({ status: 400, message: expect.stringMatching(/saved token is only sent to the apiBase it was saved for/) });
    await call(channelTestApi.POST, { method: "POST", params: { id } });
    expect(seen.join("\n")).not.toContain("SAVED0telegram0TOKEN");
    // Given again, it may go there: the owner chose it.
    const withToken = await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { apiBase: recorderUrl, token: "888888:NEW0token" } });
    expect(withToken.status).toBe(200);
    await call(channelApi.DELETE, { method: "DELETE", params: { id } });
  });

  it("an email channel moved to another server needs its password again; other changes keep it", async () => {
    const created = await call(channelsApi.POST, { method: "POST", body: { name: "mail-saved", type: "email", host: "127.0.0.1", port: 2525, user: "ops", password: SMTP_PASSWORD, from: "pp@example.test", to: "ops@example.test", allowPlain: true } });
    expect(created.status).toBe(201);
    const id = String(created.json.channel.id);
    for (const body of [{ host: "localhost" }, { port: 2526 }]) {
      const moved = await call(channelApi.PATCH, { method: "PATCH", params: { id }, body });
      expect({ status: moved.status, message: moved.json.error?.message }).toEqual({ status: 400, message: expect.stringMatching(/saved password is only sent to the (host|port) it was saved for/) });
    }
    expect((await call(channelApi.PATCH, { method: "PATCH", params: { id }, body: { name: "mail-renamed", port: 2525 } })).status).toBe(200);
    await call(channelApi.DELETE, { method: "DELETE", params: { id } });
  });
});

describe("names and fields through the API", () => {
  const BAD_NAMES = [
    ["NUL", "a\u0000b"],
    ["CR/LF", "ok\r\nInjected: header"],
    ["a bidi override", "evil\u202Egnp.exe"],
    ["a bidi isolate", "x\u2066y"],
    ["a zero-width space", "dir\u200Bect"],
    ["a line separator", "a\u2028b"],
    ["a tab", "a\tb"],
    ["DEL", "a\u007Fb"],
    ["a combining grapheme joiner (invisible)", "dir\u034Fect"],
    ["a Hangul filler (blank)", "a\u3164b"],
    ["a variation selector", "direct\uFE0F"],
    ["a no-break space", "a\u00A0b"],
  ] as const;
  let ids: { proxy: string; target: string; channel: string };
  beforeAll(async () => {
    const proxy = await call(proxiesApi.POST, { method: "POST", body: { name: "names-proxy", url: "http://127.0.0.1:8080" } });
    const target = await call(targetsApi.POST, { method: "POST", body: { name: "names-target", baseUrl: "https://127.0.0.1:9/v1" } });
    const channel = await call(channelsApi.POST, { method: "POST", body: { name: "names-channel", type: "webhook", url: "http://127.0.0.1:9/hook" } });
    ids = { proxy: String(proxy.json.proxy.id), target: String(target.json.target.id), channel: String(channel.json.channel.id) };
  });
  const endpoints = (name: string) =>
    [
      ["POST /api/proxies", () => call(proxiesApi.POST, { method: "POST", body: { name, url: "direct" } })],
      ["PATCH /api/proxies/:id", () => call(proxyApi.PATCH, { method: "PATCH", params: { id: ids.proxy }, body: { name } })],
      ["POST /api/targets", () => call(targetsApi.POST, { method: "POST", body: { name, baseUrl: "https://127.0.0.1:9/v1" } })],
      ["PATCH /api/targets/:id", () => call(targetApi.PATCH, { method: "PATCH", params: { id: ids.target }, body: { name } })],
      ["POST /api/notifications", () => call(channelsApi.POST, { method: "POST", body: { name, type: "webhook", url: "http://127.0.0.1:9/hook" } })],
      ["PATCH /api/notifications/:id", () => call(channelApi.PATCH, { method: "PATCH", params: { id: ids.channel }, body: { name } })],
    ] as const;

  it.each(BAD_NAMES)("a name with %s is refused by every create and update endpoint, and by proxypulse.yaml", async (_what, name) => {
    for (const [endpoint, run] of endpoints(name)) {
      const response = await run();
      expect({ endpoint, status: response.status, message: response.json.error.message }).toEqual({ endpoint, status: 400, message: expect.stringMatching(/name: Name cannot contain (a line break|a tab|a control character|an invisible formatting character|an invisible character|a space other than the plain one) .*\(U\+[0-9A-F]{4}\)$/) });
    }
    expect(() => parseConfigText(`proxies:\n  - name: ${JSON.stringify(name)}\n    url: direct\n`, "proxypulse.yaml", {})).toThrow(/Name cannot contain .*\(U\+[0-9A-F]{4}\)/);
    const names = (await call(proxiesApi.GET)).json.proxies.map((p: { name: string }) => p.name);
    expect(names).toContain("names-proxy");
  });

  it("names are unique ignoring case on every create and update endpoint", async () => {
    await call(proxiesApi.POST, { method: "POST", body: { name: "Office", url: "direct" } });
    await call(targetsApi.POST, { method: "POST", body: { name: "Office", baseUrl: "https://127.0.0.1:9/v1" } });
    await call(channelsApi.POST, { method: "POST", body: { name: "Office", type: "webhook", url: "http://127.0.0.1:9/hook" } });
    for (const [endpoint, run] of [...endpoints("OFFICE"), ["POST /api/proxies (file's \"direct\")", () => call(proxiesApi.POST, { method: "POST", body: { name: "DIRECT", url: "direct" } })] as const]) {
      const response = await run();
      expect({ endpoint, status: response.status, message: response.json.error.message }).toEqual({ endpoint, status: 409, message: expect.stringMatching(/named "(Office|direct)" already exists \(names are compared ignoring case\)/) });
    }
    // Names that read the same once Unicode folds them (width, ligatures, composed accents, runs of spaces) clash too.
    await call(proxiesApi.POST, { method: "POST", body: { name: "Café Line", url: "direct" } });
    for (const lookalike of ["\uFF2F\uFF46\uFF46\uFF49\uFF43\uFF45", "O\uFB03ce", "Cafe\u0301 Line", "café  line"]) {
      const response = await call(proxiesApi.POST, { method: "POST", body: { name: lookalike, url: "direct" } });
      expect({ lookalike, status: response.status, message: response.json.error.message }).toEqual({ lookalike, status: 409, message: expect.stringMatching(/named "(Office|Café Line)" already exists/) });
      expect(() => parseConfigText(`proxies:\n  - name: ${JSON.stringify(lookalike)}\n    url: direct\n  - name: Office\n    url: direct\n  - name: Café Line\n    url: direct\n`, "proxypulse.yaml", {})).toThrow(/duplicate name/);
    }
    // Renaming an object to another case of its own name is fine.
    expect((await call(proxyApi.PATCH, { method: "PATCH", params: { id: ids.proxy }, body: { name: "NAMES-proxy" } })).status).toBe(200);
  });

  // A key pasted with a line break went into the Authorization header and failed every probe as "invalid header value".
  it.each([
    ["apiKey", "a line break inside", "sk-first-half\nsecond-half", /The API key is printable ASCII without spaces/],
    ["apiKey", "a NUL", "sk-abc\u0000def", /The API key is printable ASCII without spaces/],
    ["apiKey", "a space inside", "sk-abc def", /The API key is printable ASCII without spaces/],
    ["apiKey", "501 characters", `sk-${"a".repeat(498)}`, /The API key is at most 500 characters/],
    ["model", "a line break", "gpt-4o\nmini", /Model cannot contain a line break \(U\+000A\)/],
    ["model", "201 characters", "m".repeat(201), /Model is at most 200 characters/],
  ])("a target's %s with %s is refused on create, update, test before saving and in proxypulse.yaml", async (field, _what, value, message) => {
    for (const response of [
      await call(targetsApi.POST, { method: "POST", body: { name: "bad-field", baseUrl: "https://127.0.0.1:9/v1", [field]: value } }),
      await call(targetApi.PATCH, { method: "PATCH", params: { id: ids.target }, body: { [field]: value } }),
      await call(testRouteApi.POST, { method: "POST", body: { target: { baseUrl: "https://127.0.0.1:9/v1", apiKey: "k", [field]: value } } }),
    ]) {
      expect({ status: response.status, message: response.json.error.message }).toEqual({ status: 400, message: expect.stringMatching(message) });
    }
    expect(() => parseConfigText(`targets:\n  - name: t\n    baseUrl: https://127.0.0.1:9/v1\n    ${field}: ${JSON.stringify(value)}\n`, "proxypulse.yaml", {})).toThrow(message);
  });

  it("a target's base URL with port 0 or credentials is refused on create, update, test before saving and in proxypulse.yaml", async () => {
    for (const [baseUrl, message] of [
      ["https://127.0.0.1:0/v1", /port must be between 1 and 65535/],
      ["https://user:sk-in-url@127.0.0.1:9/v1", /must not contain credentials/],
    ] as const) {
      for (const response of [
        await call(targetsApi.POST, { method: "POST", body: { name: "bad-base", baseUrl } }),
        await call(targetApi.PATCH, { method: "PATCH", params: { id: ids.target }, body: { baseUrl } }),
        await call(testRouteApi.POST, { method: "POST", body: { target: { baseUrl, apiKey: "k" } } }),
      ]) {
        expect(response.status).toBe(400);
        expect(response.json.error.message).toMatch(message);
      }
      expect(() => parseConfigText(`targets:\n  - { name: t, baseUrl: "${baseUrl}" }\n`, "proxypulse.yaml", {})).toThrow(message);
    }
  });

  it.each(["http://127.0.0.1:0", "socks5://127.0.0.1:0"])("proxy port 0 (%s) is refused on create and update", async (url) => {
    for (const response of [
      await call(proxiesApi.POST, { method: "POST", body: { name: "port-zero", url } }),
      await call(proxyApi.PATCH, { method: "PATCH", params: { id: ids.proxy }, body: { url } }),
    ]) {
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(/the port must be between 1 and 65535/);
    }
  });
});

describe("names inside chat messages", () => {
  const payload = { id: "e1", event: "test" as const, route: null, target: null, kind: null, hint: null, at: new Date(0).toISOString(), url: "https://pulse.example.test/?a=1&b=2", state: null, previousState: null, durationMs: null, flaps: 0, quota: null };
  it("Slack gets mrkdwn control characters escaped, so a name cannot ping <!channel> or fake a link", async () => {
    const receiver = await startReceiver(() => "ok");
    try {
      await slack.send({ type: "slack", url: `${receiver.url}/services/T/B/x` }, { payload, title: "[ProxyPulse] DOWN: <!channel> via <https://evil.example|bank>", text: "a & b > c" }, Date.now());
      const text = receiver.received[0]!.json.text as string;
      expect(text).toBe("*[ProxyPulse] DOWN: &lt;!channel&gt; via &lt;https://evil.example|bank&gt;*\na &amp; b &gt; c");
    } finally {
      await receiver.close();
    }
  });

  it("Feishu gets its <at> mention tag neutralised", async () => {
    const receiver = await startReceiver(() => ({ code: 0 }));
    try {
      await feishu.send({ type: "feishu", url: `${receiver.url}/hook` }, { payload, title: '<at user_id="all">all</at>', text: "x" }, Date.now());
      const text = receiver.received[0]!.json.content.text as string;
      expect(text).not.toMatch(/<at/);
      expect(text).toContain("＜at user_id=\"all\"＞all＜");
    } finally {
      await receiver.close();
    }
  });
});

describe("email without TLS", () => {
  const PASSWORD = "smtp-PASSWORD-never-plain";
  let server: SMTPServer;
  let port: number;
  const auths: string[] = [];
  const received: string[] = [];
  beforeAll(async () => {
    // A server that offers no STARTTLS but would gladly take AUTH in clear (and quotes it back on refusal).
    server = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        auths.push(`${auth.username}:${auth.password}`);
        callback(new Error(`bad credentials ${auth.username}:${auth.password}`));
      },
      onData(stream, _session, callback) {
        stream.on("data", (chunk: Buffer) => received.push(chunk.toString("utf8")));
        stream.on("end", () => callback());
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("is refused: the server receives no AUTH and no mail, and the delivery says why", async () => {
    const created = await call(channelsApi.POST, { method: "POST", body: { name: "plain-mail", type: "email", host: "127.0.0.1", port, user: "ops", password: PASSWORD, from: "pp@example.test", to: "ops@example.test" } });
    expect(created.status).toBe(201);
    const tested = await call(channelTestApi.POST, { method: "POST", params: { id: String(created.json.channel.id) } });
    expect(tested.json.delivery.status).toBe("failed");
    expect(tested.json.delivery.lastError).toMatch(/^SMTP 127\.0\.0\.1:\d+: could not start TLS .*nothing was sent, no password either\. TLS is required/);
    expect(auths).toEqual([]);
    expect(received).toEqual([]);
  });

  it("allowPlain lets it through to a loopback server only, and the password never reaches the delivery log", async () => {
    const remote = await call(channelsApi.POST, { method: "POST", body: { name: "remote-plain", type: "email", host: "mail.example.test", allowPlain: true, from: "pp@example.test", to: "ops@example.test" } });
    expect(remote.status).toBe(400);
    expect(remote.json.error.message).toMatch(/allowPlain \(SMTP without TLS\) is only allowed to a server on this machine/);
    expect(() => parseConfigText(`notifications:\n  - { name: m, type: email, host: 10.0.0.5, allowPlain: true, from: a@b.c, to: o@b.c }\n`, "proxypulse.yaml", {})).toThrow(/allowPlain/);

    const local = await call(channelsApi.POST, { method: "POST", body: { name: "local-plain", type: "email", host: "127.0.0.1", port, user: "ops", password: PASSWORD, allowPlain: true, from: "pp@example.test", to: "ops@example.test" } });
    expect(local.status).toBe(201);
    const tested = await call(channelTestApi.POST, { method: "POST", params: { id: String(local.json.channel.id) } });
    expect(auths).toEqual([`ops:${PASSWORD}`]);
    expect(tested.json.delivery.lastError).toMatch(/bad credentials/);
    expect(tested.text).not.toContain(PASSWORD);
    expect(JSON.stringify(test.service.sqlite!.prepare(`SELECT lastError FROM "OutboxMessage"`).all())).not.toContain(PASSWORD);
  });
});
