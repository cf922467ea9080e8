// The fetch our SDK clients send with, against real loopback servers: what it
// sends, how it follows redirects (never taking the key to another host),
// bounded and streamed bodies, aborts and network failures.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/probe/run-probe";
import { exchangeFetch, ResponseTooLargeError } from "@/lib/routes/exchange-fetch";
import { parseProxySpec } from "@/lib/routes/parse-proxy-spec";
import { RouteDispatcher } from "@/lib/routes/route-dispatcher";
import { testPki } from "../fixtures/certificates";
import { writeCaFile } from "../helpers/probe-harness";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A loopback HTTP server on `host` that records every request and answers with `answer`. */
async function startServer(host: string, answer: (request: Seen, response: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry = { method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      seen.push(entry);
      answer(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    seen,
    origin: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;
let api: Server;
let elsewhere: Server;
const route = new RouteDispatcher(parseProxySpec("direct"));

beforeAll(async () => {
  // Another host on loopback: a redirect there must not be followed.
  elsewhere = await startServer("127.0.0.2", (_request, response) => response.end("{}"));
  api = await startServer("127.0.0.1", (request, response) => {
    const path = new URL(request.url, "http://x").pathname;
    const redirect = /^\/redirect\/(\d{3})$/.exec(path);
    if (redirect) {
      response.writeHead(Number(redirect[1]), { location: "/echo" }).end("moved");
      return;
    }
    if (path.startsWith("/huge/")) {
      // 17 MiB of answer, more than a probe holds.
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 17; i++) response.write(chunk);
      response.end("{}");
      return;
    }
    if (path.startsWith("/moved/")) {
      response.writeHead(308, { location: `${elsewhere.origin}${path.slice("/moved".length)}` }).end();
      return;
    }
    switch (path) {
      case "/echo":
        response.writeHead(200, { "content-type": "application/json", "set-cookie": ["a=1", "b=2"], "X-Request-Id": "req_1" });
        response.end(JSON.stringify(request));
        return;
      case "/to-elsewhere":
        response.writeHead(307, { location: `${elsewhere.origin}/echo` }).end();
        return;
      case "/bad-location":
        response.writeHead(302, { location: "http://[::1" }).end();
        return;
      case "/loop":
        response.writeHead(302, { location: "/loop" }).end();
        return;
      case "/big":
        response.writeHead(200, { "content-type": "text/plain" });
        response.end("x".repeat(64 * 1024));
        return;
      case "/events": {
        // One event now, the next only once the client has read the first.
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write("data: first\n\n");
        const timer = setInterval(() => undefined, 1000);
        response.on("close", () => clearInterval(timer));
        eventsServed = (next: string) => response.end(next);
        return;
      }
      case "/stall-headers":
        return; // never answers
      case "/stall-body":
        response.writeHead(200, { "content-type": "application/json" });
        response.write("{");
        return;
      default:
        response.writeHead(404).end();
    }
  });
});

let eventsServed: ((last: string) => void) | null = null;

afterAll(async () => {
  await route.close();
  await Promise.all([api?.close(), elsewhere?.close()]);
});

function send<T>(run: (fetch: typeof globalThis.fetch) => Promise<T>, signal = new AbortController().signal, limits = {}): Promise<T> {
  return route.exchange(signal, ({ dispatcher }) => run(exchangeFetch(dispatcher, limits)));
}

describe("exchangeFetch", () => {
  it("sends the method, headers and body it is given, asks for an uncompressed answer, and reads headers like fetch", async () => {
    const { status, echoed, headers } = await send(async (fetch) => {
      const response = await fetch(`${api.origin}/echo?x=1`, {
        method: "post",
        headers: new Headers({ authorization: "Bearer sk-test", "content-type": "application/json" }),
        body: JSON.stringify({ hello: "world" }),
      });
      return { status: response.status, echoed: (await response.json()) as Seen, headers: response.headers };
    });
    expect(status).toBe(200);
    expect(echoed).toMatchObject({ method: "POST", url: "/echo?x=1", body: '{"hello":"world"}' });
    expect(echoed.headers).toMatchObject({ authorization: "Bearer sk-test", "accept-encoding": "identity", "content-type": "application/json" });
    expect(headers.get("x-request-id")).toBe("req_1");
    expect(headers.get("X-REQUEST-ID")).toBe("req_1");
    expect(headers.get("set-cookie")).toBe("a=1, b=2");
    expect(headers.get("absent")).toBeNull();
    expect([...headers].map(([name]) => name)).toEqual([...headers.keys()].sort());
  });

  it("takes headers as a record or as pairs", async () => {
    for (const headers of [{ "x-api-key": "k1" }, [["x-api-key", "k1"]] as [string, string][]]) {
      const echoed = await send(async (fetch) => (await (await fetch(`${api.origin}/echo`, { headers })).json()) as Seen);
      expect(echoed.headers["x-api-key"]).toBe("k1");
    }
  });

  it.each([
    [307, "POST", '{"a":1}'],
    [308, "POST", '{"a":1}'],
    [301, "GET", ""],
    [302, "GET", ""],
    [303, "GET", ""],
  ])("follows a %i to the same host as the fetch standard says (%s, body %j)", async (status, method, body) => {
    const { final, echoed } = await send(async (fetch) => {
      const response = await fetch(`${api.origin}/redirect/${status}`, {
        method: "POST",
        headers: { authorization: "Bearer sk-test", "content-type": "application/json" },
        body: '{"a":1}',
      });
      return { final: response.status, echoed: (await response.json()) as Seen };
    });
    expect(final).toBe(200);
    expect(echoed.method).toBe(method);
    expect(echoed.body).toBe(body);
    expect(echoed.headers.authorization).toBe("Bearer sk-test");
    if (method === "GET") expect(echoed.headers["content-type"]).toBeUndefined();
  });

  it("does not follow a redirect to another host: the key stays with the host it was configured for", async () => {
    const before = elsewhere.seen.length;
    const response = await send((fetch) =>
      fetch(`${api.origin}/to-elsewhere`, { method: "POST", headers: { "x-api-key": "sk-secret", authorization: "Bearer sk-secret" }, body: "{}" }),
    );
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(`${elsewhere.origin}/echo`);
    expect(elsewhere.seen.length).toBe(before);
  });

  it("a probe whose API moved to another host says so, and sends nothing there", async () => {
    const before = elsewhere.seen.length;
    const result = await runProbe(route, { baseUrl: `${api.origin}/moved/v1`, apiKey: "sk-test-moved-0123456789", model: "gpt-4o-mini", timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response", httpStatus: 308 });
    expect(result.message).toContain(`redirect to ${elsewhere.origin}/v1/chat/completions, not followed`);
    expect(elsewhere.seen.length).toBe(before);
  });

  it("a probe whose answer is larger than a probe holds says so, instead of holding it", async () => {
    const result = await runProbe(route, { baseUrl: `${api.origin}/huge/v1`, apiKey: "sk-test-huge-0123456789", model: "gpt-4o-mini", timeoutMs: 10_000 });
    expect(result).toMatchObject({ ok: false, kind: "unexpected_response" });
    expect(result.message).toMatch(/larger than 16 MiB/);
  });

  it("never follows a redirect from https to plain http, even on the same host, nor one it cannot read", async () => {
    const pki = await testPki();
    const secure = createHttpsServer({ cert: pki.server.cert, key: pki.server.key }, (_request, response) => {
      response.writeHead(307, { location: `${api.origin}/echo` }).end();
    });
    await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
    const secureRoute = new RouteDispatcher(parseProxySpec("direct"), { caFile: await writeCaFile() });
    const before = api.seen.length;
    try {
      const port = (secure.address() as AddressInfo).port;
      const response = await secureRoute.exchange(new AbortController().signal, ({ dispatcher }) =>
        exchangeFetch(dispatcher)(`https://127.0.0.1:${port}/v1/models`, { headers: { authorization: "Bearer sk-secret" } }),
      );
      expect(response.status).toBe(307);
      expect(api.seen.length).toBe(before);
    } finally {
      await secureRoute.close();
      secure.closeAllConnections();
      await new Promise<void>((resolve) => secure.close(() => resolve()));
    }
    expect((await send((fetch) => fetch(`${api.origin}/bad-location`))).status).toBe(302);
  });

  it("stops after a bounded number of redirects and answers the last one", async () => {
    const before = api.seen.filter((entry) => entry.url === "/loop").length;
    const response = await send((fetch) => fetch(`${api.origin}/loop`), undefined, { maxRedirects: 3 });
    expect(response.status).toBe(302);
    expect(api.seen.filter((entry) => entry.url === "/loop").length - before).toBe(4);
  });

  it("refuses a body larger than its bound instead of holding it", async () => {
    const error = await send(async (fetch) => (await fetch(`${api.origin}/big`)).text(), undefined, { maxBodyBytes: 1024 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    const whole = await send(async (fetch) => (await fetch(`${api.origin}/big`)).text());
    expect(whole.length).toBe(64 * 1024);
  });

  it("streams a body as it arrives (server-sent events)", async () => {
    const events = await send(async (fetch) => {
      const response = await fetch(`${api.origin}/events`);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      const first = decoder.decode((await reader.read()).value);
      // The second event is sent only now: the first was read before the body ended.
      eventsServed!("data: last\n\n");
      let rest = "";
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
      return [first, rest];
    });
    expect(events).toEqual(["data: first\n\n", "data: last\n\n"]);
  });

  it("lets a reader give up a stream midway, and the route goes on", async () => {
    const first = await send(async (fetch) => {
      const response = await fetch(`${api.origin}/events`);
      const reader = response.body!.getReader();
      const chunk = new TextDecoder().decode((await reader.read()).value);
      await reader.cancel(new Error("seen enough"));
      // The server still sends after the reader left.
      eventsServed!("data: after\n\n");
      await new Promise((resolve) => setTimeout(resolve, 50));
      return chunk;
    });
    expect(first).toBe("data: first\n\n");
    expect((await send((fetch) => fetch(`${api.origin}/echo`))).status).toBe(200);
  });

  it("reads a body whole after something only looked at response.body, as fetch does (@anthropic-ai/sdk touches it on every answer)", async () => {
    const seen = await send(async (fetch) => {
      const response = await fetch(`${api.origin}/echo`);
      expect(response.body).not.toBeNull();
      expect(response.bodyUsed).toBe(false);
      return JSON.parse(await response.text()) as Seen;
    });
    expect(seen.url).toBe("/echo");
    // The bound still holds when the body is read whole through the stream it made.
    const error = await send(async (fetch) => {
      const response = await fetch(`${api.origin}/big`);
      void response.body;
      return response.text();
    }, undefined, { maxBodyBytes: 1024 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    // A body being read as a stream cannot also be read whole.
    const unusable = await send(async (fetch) => {
      const response = await fetch(`${api.origin}/echo`);
      response.body!.getReader();
      return response.text();
    }).catch((caught: unknown) => caught);
    expect(unusable).toBeInstanceOf(TypeError);
  });

  it("reads a body once", async () => {
    const error = await send(async (fetch) => {
      const response = await fetch(`${api.origin}/echo`);
      await response.text();
      return response.text();
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
  });

  it("rejects with the abort reason while waiting for headers and while reading the body", async () => {
    for (const path of ["/stall-headers", "/stall-body"]) {
      const deadline = new AbortController();
      const reason = new Error(`deadline for ${path}`);
      const error = await send(async (fetch) => {
        setTimeout(() => deadline.abort(reason), 100);
        const response = await fetch(`${api.origin}${path}`, { signal: deadline.signal });
        return response.text();
      }, deadline.signal).catch((caught: unknown) => caught);
      expect(error).toBe(reason);
    }
    // The route is usable afterwards.
    expect((await send((fetch) => fetch(`${api.origin}/echo`))).status).toBe(200);
  });

  it("fails like fetch when nothing answers: a TypeError whose cause says why", async () => {
    const closed = await startServer("127.0.0.1", () => undefined);
    await closed.close();
    const error = (await send((fetch) => fetch(`${closed.origin}/echo`)).catch((caught: unknown) => caught)) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe("fetch failed");
    expect(String((error.cause as Error).message)).toMatch(/ECONNREFUSED/);
  });

  it("refuses body types it cannot send, saying which", async () => {
    const error = await send((fetch) => fetch(`${api.origin}/echo`, { method: "POST", body: new Blob(["x"]) })).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/string or byte bodies/);
  });
});
