// Issue 8 (HTTP and auth): what an anonymous or hostile client can no longer
// do. Real HTTP over loopback where the client's address or the body's
// transfer matters; route handlers called directly elsewhere.
import http from "node:http";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as preferencesApi from "@/app/api/preferences/route";
import * as proxiesApi from "@/app/api/proxies/route";
import * as logoutApi from "@/app/api/session/logout/route";
import * as sessionApi from "@/app/api/session/route";
import * as statusPage from "@/app/status/route";
import { clientAddress, installPeerAddressTag, PEER_HEADER } from "@/lib/http/client-address";
import { readBodyText } from "@/lib/http/read-body";
import { sameOriginPath } from "@/lib/http/same-origin-path";
import { startMonitorService } from "@/lib/monitoring/monitor-service";
import { STATUS_CACHE_MS, STATUS_LIMIT, StatusPageResponder } from "@/lib/status/status-page-responder";
import { childEnv } from "../helpers/child-env";
import { serveHandlers } from "../helpers/serve-handler";
import { ADMIN_TOKEN, startTestService, type TestService } from "../helpers/test-service";

let test: TestService;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  installPeerAddressTag();
  test = await startTestService(`
targets:
  - name: t
    baseUrl: http://127.0.0.1:9/v1
    apiKey: sk-hardening-test
proxies:
  - name: direct
    url: direct
`);
  server = await serveHandlers({ "/api/session": sessionApi.POST, "/api/proxies": proxiesApi.GET, "/status": statusPage.GET });
});

afterAll(async () => {
  await server?.close();
  await test?.stop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP exchange from a chosen loopback source address (127.0.0.0/8 is all ours). */
function send(path: string, options: { from: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, { method: options.method ?? "GET", headers: options.headers, localAddress: options.from, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

const json = { "content-type": "application/json" };
const noParams = { params: Promise.resolve({}) };
const ORIGIN = "http://dash.example:3000";

function pageRequest(path: string, init: RequestInit & { cookie?: string; origin?: string } = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("host", "dash.example:3000");
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.origin) headers.set("origin", init.origin);
  return new Request(`${ORIGIN}${path}`, { ...init, headers });
}

async function login(): Promise<string> {
  const response = await sessionApi.POST(pageRequest("/api/session", { method: "POST", body: JSON.stringify({ token: ADMIN_TOKEN }), headers: json }), noParams);
  expect(response.status).toBe(204);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

describe("rate limits key on the client's socket address", () => {
  it("a client rotating X-Forwarded-For is still limited, and the admin at another address is not locked out", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const answer = await send("/api/session", { from: "127.0.0.2", method: "POST", headers: { ...json, "x-forwarded-for": `198.51.100.${i}` }, body: JSON.stringify({ token: `guess-${i}` }) });
      statuses.push(answer.status);
      if (answer.status === 429) expect(answer.headers["retry-after"]).toMatch(/^\d+$/);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const admin = await send("/api/session", { from: "127.0.0.3", method: "POST", headers: json, body: JSON.stringify({ token: ADMIN_TOKEN }) });
    expect(admin.status).toBe(204);
  });

  it("wrong bearer tokens are limited per address too, and a locked address cannot test a guess", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await send("/api/proxies", { from: "127.0.0.4", headers: { authorization: `Bearer wrong-token-${i}` } })).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    expect((await send("/api/proxies", { from: "127.0.0.4", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(429);
    expect((await send("/api/proxies", { from: "127.0.0.5", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(200);
  });

  it.each([
    ["the tagged socket address", { [PEER_HEADER]: "TAG 127.0.0.9" }, 0, "127.0.0.9"],
    ["an IPv4 client of a dual-stack socket", { [PEER_HEADER]: "TAG ::ffff:127.0.0.9" }, 0, "127.0.0.9"],
    ["X-Forwarded-For without a trusted proxy", { [PEER_HEADER]: "TAG 127.0.0.9", "x-forwarded-for": "198.51.100.1" }, 0, "127.0.0.9"],
    ["a forged peer header (wrong tag)", { [PEER_HEADER]: "guessed 198.51.100.2" }, 0, "unknown"],
    ["one trusted proxy: the entry it appended", { [PEER_HEADER]: "TAG 127.0.0.1", "x-forwarded-for": "198.51.100.3, 203.0.113.4" }, 1, "203.0.113.4"],
    ["two trusted proxies", { [PEER_HEADER]: "TAG 127.0.0.1", "x-forwarded-for": "198.51.100.3, 203.0.113.4, 10.0.0.2" }, 2, "203.0.113.4"],
    ["a trusted proxy that was bypassed (no header)", { [PEER_HEADER]: "TAG 127.0.0.9" }, 1, "127.0.0.9"],
    // One IPv6 host usually holds a whole /64: per address, it could guess without limit.
    ["an IPv6 client: its /64", { [PEER_HEADER]: "TAG 2001:db8:1:2:aaaa::1" }, 0, "2001:db8:1:2::/64"],
    ["another address of the same /64, written out", { [PEER_HEADER]: "TAG 2001:0DB8:0001:0002:ffff:ffff:ffff:ffff" }, 0, "2001:db8:1:2::/64"],
    ["the next /64", { [PEER_HEADER]: "TAG 2001:db8:1:3::1" }, 0, "2001:db8:1:3::/64"],
    ["IPv6 loopback", { [PEER_HEADER]: "TAG ::1" }, 0, "::/64"],
    ["an IPv6 client recorded by a trusted proxy", { [PEER_HEADER]: "TAG 127.0.0.1", "x-forwarded-for": "2001:db8:9::5" }, 1, "2001:db8:9::/64"],
  ])("client address from %s", (_name, headers, trusted, expected) => {
    const tag = (globalThis as Record<symbol, string>)[Symbol.for("proxypulse.peerTag")]!;
    const withTag = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace(/^TAG /, `${tag} `)]));
    expect(clientAddress(new Request("http://localhost/", { headers: withTag }), trusted)).toBe(expected);
  });

  // Padded with spaces, a short token passed the length check, yet logging in trims what is typed.
  it.each([
    ["short", "only-twenty-chars-xx"],
    ["short but padded with spaces", `only-twenty-chars-xx${" ".repeat(20)}`],
  ])("refuses a %s admin token at start, saying how long it must be", async (_name, token) => {
    const dir = mkdtempSync(join(tmpdir(), "proxypulse-weak-"));
    try {
      await expect(
        startMonitorService({ environment: childEnv({ DATABASE_URL: `file:${join(dir, "pp.db")}`, PROXYPULSE_ADMIN_TOKEN: token }), runScheduler: false, cwd: dir }),
      ).rejects.toThrow(/PROXYPULSE_ADMIN_TOKEN must be at least 32 characters/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A careless admin edits data/admin.token by hand ("changeme"), or a full disk left it empty.
  it.each([
    ["a short word", "changeme\n"],
    ["an empty file", ""],
    ["31 characters and spaces", `  ${"x".repeat(31)}  \n`],
  ])("refuses an admin.token file holding %s at start, saying how long it must be", async (_name, content) => {
    const dir = mkdtempSync(join(tmpdir(), "proxypulse-weak-file-"));
    try {
      writeFileSync(join(dir, "admin.token"), content, { mode: 0o600 });
      await expect(startMonitorService({ environment: childEnv({ DATABASE_URL: `file:${join(dir, "pp.db")}` }), runScheduler: false, cwd: dir })).rejects.toThrow(
        /admin\.token must hold at least 32 characters/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// What a browser does with a Location header: resolve it against the page's URL.
const NASTY_TARGETS = [
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "\t//evil.example",
  "/%09/evil.example",
  "/%5Cevil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "https://evil.example/",
  "HTTPS://evil.example",
  "http:evil.example",
  "http://dash.example:3000@evil.example/",
  "javascript:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "///evil.example",
  "evil.example",
];

describe("redirects stay on this site", () => {
  it.each(NASTY_TARGETS)("sameOriginPath(%j) stays on this origin", (target) => {
    const path = sameOriginPath(target, `${ORIGIN}/api/preferences`);
    expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
    expect(path).toMatch(/^\/(?![/\\])/);
    expect(path).not.toMatch(/[\u0000-\u001f\\]/);
  });

  it.each([
    ["/routes/1?range=24h#top", "/routes/1?range=24h#top"],
    ["/status", "/status"],
    [`${ORIGIN}/proxies`, "/proxies"],
    ["", "/"],
  ])("keeps the same-origin target %j as %j", (target, expected) => {
    expect(sameOriginPath(target, `${ORIGIN}/x`)).toBe(expected);
  });

  it.each(NASTY_TARGETS)("/api/preferences?back=%j redirects within this site", async (back) => {
    const response = await preferencesApi.GET(pageRequest(`/api/preferences?lang=zh&back=${encodeURIComponent(back)}`));
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!, ORIGIN).origin).toBe(ORIGIN);
    expect(response.headers.get("location")).toMatch(/^\/(?![/\\])/);
  });

  it.each(NASTY_TARGETS)("logging in with next=%j redirects within this site", async (next) => {
    const response = await sessionApi.POST(
      pageRequest("/api/session", { method: "POST", body: new URLSearchParams({ token: ADMIN_TOKEN, next }).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } }),
      noParams,
    );
    expect(response.status).toBe(303);
    expect(new URL(response.headers.get("location")!, ORIGIN).origin).toBe(ORIGIN);
    expect(response.headers.get("location")).toMatch(/^\/(?![/\\])/);
  });
});

describe("request bodies are capped before they are read", () => {
  it("a login body declared bigger than 16 KB is refused with 413 before it is sent", async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const request = http.request(`${server.url}/api/session`, { method: "POST", headers: { ...json, "content-length": String(100 * 1024 * 1024) }, agent: false }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk));
        response.on("end", () => {
          resolve({ status: response.statusCode!, headers: response.headers, body });
          request.destroy();
        });
      });
      request.on("error", reject);
      request.write(Buffer.alloc(64 * 1024, 0x20));
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "payload_too_large", message: expect.stringContaining("16 KB") } });
  });

  it("a chunked login body (no Content-Length) is cut off at the limit with 413", async () => {
    const answer = await new Promise<Answer & { sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const request = http.request(`${server.url}/api/session`, { method: "POST", headers: json, agent: false }, (response) => {
        answered = true;
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk));
        response.on("end", () => {
          resolve({ status: response.statusCode!, headers: response.headers, body, sent });
          request.destroy();
        });
      });
      request.on("error", (error) => (answered ? undefined : reject(error)));
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      // Keeps sending until answered, or 8 MB (a server that reads everything answers only after that).
      const pump = () => {
        while (!answered && sent < 8 * 1024 * 1024) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", pump);
        }
        if (!answered) request.end();
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe("payload_too_large");
    expect(answer.sent).toBeLessThan(8 * 1024 * 1024);
  });

  it("stops pulling a stream once it passes the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request("http://localhost/", { method: "POST", body: endless, duplex: "half" } as RequestInit);
    await expect(readBodyText(request, 16 * 1024)).rejects.toMatchObject({ status: 413, code: "payload_too_large" });
    expect(pulled).toBeLessThanOrEqual(16 * 1024 + 4 * 1024);
  });

  it("every admin endpoint that reads JSON refuses more than 1 MB", async () => {
    const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), url: "direct" });
    const response = await proxiesApi.POST(new Request("http://localhost/api/proxies", { method: "POST", headers: { ...json, authorization: `Bearer ${ADMIN_TOKEN}` }, body: big }), noParams);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toEqual({ code: "payload_too_large", message: expect.stringContaining("1 MB") });
  });
});

describe("logging out ends the session on the server", () => {
  it.each([
    ["DELETE /api/session", (cookie: string) => sessionApi.DELETE(pageRequest("/api/session", { method: "DELETE", cookie, origin: ORIGIN }), noParams), 204],
    ["the log-out form", (cookie: string) => logoutApi.POST(pageRequest("/api/session/logout", { method: "POST", cookie, origin: ORIGIN }), noParams), 303],
  ])("%s: the old cookie no longer opens anything", async (_name, logOut, status) => {
    const cookie = await login();
    expect((await proxiesApi.GET(pageRequest("/api/proxies", { cookie }), noParams)).status).toBe(200);
    const response = await logOut(cookie);
    expect(response.status).toBe(status);
    expect(response.headers.get("set-cookie")).toMatch(/^pp_session=; .*Max-Age=0/);
    expect((await proxiesApi.GET(pageRequest("/api/proxies", { cookie }), noParams)).status).toBe(401);
    expect(await (await sessionApi.GET(pageRequest("/api/session", { cookie }), noParams)).json()).toEqual({ authenticated: false });
  });

  it.each([
    ["DELETE /api/session", (cookie: string, origin?: string) => sessionApi.DELETE(pageRequest("/api/session", { method: "DELETE", cookie, ...(origin ? { origin } : {}) }), noParams)],
    ["the log-out form", (cookie: string, origin?: string) => logoutApi.POST(pageRequest("/api/session/logout", { method: "POST", cookie, ...(origin ? { origin } : {}) }), noParams)],
  ])("%s refuses another site (CSRF) and keeps the session", async (_name, logOut) => {
    const cookie = await login();
    for (const origin of ["https://evil.example", undefined]) {
      const response = await logOut(cookie, origin);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe("csrf_failed");
    }
    expect((await proxiesApi.GET(pageRequest("/api/proxies", { cookie }), noParams)).status).toBe(200);
  });

  it("stays ended after a restart, while a live session survives it", async () => {
    const ended = await login();
    const live = await login();
    await sessionApi.DELETE(pageRequest("/api/session", { method: "DELETE", cookie: ended, origin: ORIGIN }), noParams);
    const restarted = await startMonitorService({
      environment: childEnv({ ...test.databaseEnv, PROXYPULSE_ADMIN_TOKEN: ADMIN_TOKEN }),
      runScheduler: false,
      cwd: test.dir,
    });
    const previous = (globalThis as { proxypulseMonitor?: Promise<unknown> }).proxypulseMonitor;
    (globalThis as { proxypulseMonitor?: Promise<unknown> }).proxypulseMonitor = Promise.resolve(restarted);
    try {
      expect((await proxiesApi.GET(pageRequest("/api/proxies", { cookie: ended }), noParams)).status).toBe(401);
      expect((await proxiesApi.GET(pageRequest("/api/proxies", { cookie: live }), noParams)).status).toBe(200);
    } finally {
      (globalThis as { proxypulseMonitor?: Promise<unknown> }).proxypulseMonitor = previous;
      await restarted.stop(1000);
    }
  });
});

describe("the public status page is cheap to ask for", () => {
  it("answers a repeated request with 304 Not Modified, and sends a strict policy", async () => {
    const first = await send("/status", { from: "127.0.0.10" });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers["content-security-policy"]).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    // One script only, the local-time rewrite, by its hash: nothing else runs, inline or loaded.
    expect(first.headers["content-security-policy"]).toMatch(/script-src 'sha256-[\w+/]+=*'(;|$)/);
    expect(first.headers["content-security-policy"]).not.toMatch(/unsafe|script-src[^;]*'self'/);
    const again = await send("/status", { from: "127.0.0.10", headers: { "if-none-match": first.headers.etag! } });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
  });

  it("renders at most once per cache period (an injected clock)", async () => {
    const responder = new StatusPageResponder();
    const at = Date.parse("2026-11-29T12:00:00Z");
    const etag = async (now: number) => (await responder.respond(new Request("http://localhost/status"), test.service, now)).headers.get("etag");
    const first = await etag(at);
    // The page shows when it was made, so a fresh rendering would differ.
    expect(await etag(at + 1_000)).toBe(first);
    expect(await etag(at + STATUS_CACHE_MS - 1)).toBe(first);
    expect(await etag(at + STATUS_CACHE_MS + 60_000)).not.toBe(first);
  });

  it("limits each client, with Retry-After, without limiting others", async () => {
    let last: Answer | null = null;
    for (let i = 0; i <= STATUS_LIMIT.requests; i++) last = await send("/status", { from: "127.0.0.11" });
    expect(last!.status).toBe(429);
    expect(last!.headers["retry-after"]).toMatch(/^\d+$/);
    expect(JSON.parse(last!.body).error.code).toBe("rate_limited");
    expect((await send("/status", { from: "127.0.0.12" })).status).toBe(200);
  });
});

describe("files in the data directory are private", () => {
  it("creates the data directory 0700 and the database, key and token files 0600", async () => {
    const root = mkdtempSync(join(tmpdir(), "proxypulse-modes-"));
    const dataDir = join(root, "data");
    const service = await startMonitorService({ environment: childEnv({ DATABASE_URL: `file:${join(dataDir, "pp.db")}` }), runScheduler: false, cwd: root });
    try {
      const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
      expect(mode(dataDir)).toBe("700");
      for (const file of ["pp.db", "pp.db-wal", "secret.key", "admin.token"]) expect([file, mode(join(dataDir, file))]).toEqual([file, "600"]);
    } finally {
      await service.stop(1000);
      rmSync(root, { recursive: true, force: true });
    }
  });

  // Files made by an older version, restored from a backup or copied in by hand keep the umask's 0644.
  it("makes existing database, key and token files 0600 again", async () => {
    const root = mkdtempSync(join(tmpdir(), "proxypulse-modes-old-"));
    const dataDir = join(root, "data");
    const first = await startMonitorService({ environment: childEnv({ DATABASE_URL: `file:${join(dataDir, "pp.db")}` }), runScheduler: false, cwd: root });
    await first.stop(1000);
    const files = ["pp.db", "secret.key", "admin.token"];
    for (const file of files) chmodSync(join(dataDir, file), 0o644);
    const service = await startMonitorService({ environment: childEnv({ DATABASE_URL: `file:${join(dataDir, "pp.db")}` }), runScheduler: false, cwd: root });
    try {
      const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
      for (const file of [...files, "pp.db-wal"]) expect([file, mode(join(dataDir, file))]).toEqual([file, "600"]);
    } finally {
      await service.stop(1000);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
