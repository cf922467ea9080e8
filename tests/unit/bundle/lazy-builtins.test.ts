import http2 from "node:http2";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lazyHttp2Source } from "@/scripts/bundle/lazy-builtins.mjs";

// The bundles' stand-in for node:http2 (scripts/bundle/lazy-builtins.mjs):
// undici reads its constants when it loads; anything else must be the real
// module, loaded on first use, so HTTP/2 would still work if a connection
// ever negotiated it.

const realRequire = createRequire(import.meta.url);

/** Evaluates the stand-in as the bundle does (CommonJS), recording which modules it requires. */
function loadStandIn(): { exports: typeof http2; required: string[] } {
  const required: string[] = [];
  const module = { exports: {} as typeof http2 };
  const requireSpy = (id: string) => {
    required.push(id);
    return realRequire(id);
  };
  new Function("module", "exports", "require", lazyHttp2Source())(module, module.exports, requireSpy);
  return { exports: module.exports, required };
}

let server: http2.Http2Server;
let origin: string;

beforeAll(async () => {
  server = http2.createServer((request, response) => response.end(`h2 ${request.method} ${request.url}`));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the node:http2 stand-in in the bundles", () => {
  it("gives the real constants without loading the module", () => {
    const standIn = loadStandIn();
    const { HTTP2_HEADER_AUTHORITY, HTTP2_HEADER_PATH, NGHTTP2_REFUSED_STREAM, NGHTTP2_CANCEL } = standIn.exports.constants;
    expect([HTTP2_HEADER_AUTHORITY, HTTP2_HEADER_PATH, NGHTTP2_REFUSED_STREAM, NGHTTP2_CANCEL]).toEqual([":authority", ":path", 7, 8]);
    expect(standIn.exports.constants).toEqual(http2.constants);
    expect(standIn.required).toEqual([]);
  });

  it("loads the real module for anything else, once, and an HTTP/2 exchange works through it", async () => {
    const standIn = loadStandIn();
    expect(standIn.exports.connect).toBe(http2.connect);
    expect("createServer" in standIn.exports).toBe(true);
    const session = standIn.exports.connect(origin);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ [standIn.exports.constants.HTTP2_HEADER_PATH]: "/ping" });
        let text = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => (text += chunk));
        stream.on("end", () => resolve(text));
        stream.on("error", reject);
        stream.end();
      });
      expect(body).toBe("h2 GET /ping");
    } finally {
      session.close();
    }
    expect(standIn.required).toEqual(["node:http2"]);
  });
});
