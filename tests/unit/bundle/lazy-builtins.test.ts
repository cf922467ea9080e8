import http2 from "node:http2";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import assert from "node:assert";
import zlib from "node:zlib";
import { lazyBuiltinSource } from "@/scripts/bundle/lazy-builtins.mjs";

// The bundles' stand-ins for built-ins (scripts/bundle/lazy-builtins.mjs):
// loading one loads nothing; using anything in it uses the real module,
// loaded then (node:http2's constants excepted, copied at build time), so
// HTTP/2, decompression and failed assertions still work as without them.

const realRequire = createRequire(import.meta.url);

/** Evaluates a stand-in as the bundle does (CommonJS), recording which modules it requires. */
function loadStandIn<T = typeof http2>(id: "http2" | "zlib" | "assert" = "http2"): { exports: T; required: string[] } {
  const required: string[] = [];
  const module = { exports: {} as T };
  const requireSpy = (id: string) => {
    required.push(id);
    return realRequire(id);
  };
  new Function("module", "exports", "require", lazyBuiltinSource(id))(module, module.exports, requireSpy);
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

describe("the node:zlib stand-in in the bundles", () => {
  it("loads nothing until used, then compresses and decompresses with the real module", () => {
    const standIn = loadStandIn<typeof zlib>("zlib");
    expect(standIn.required).toEqual([]);
    const packed = standIn.exports.gzipSync(Buffer.from("hello"));
    expect(zlib.gunzipSync(packed).toString()).toBe("hello");
    expect(standIn.exports.createGunzip).toBe(zlib.createGunzip);
    expect(Object.keys(standIn.exports)).toEqual(Object.keys(zlib));
    expect(standIn.required).toEqual(["node:zlib"]);
  });
});

describe("the node:assert stand-in in the bundles", () => {
  it("passes a true condition without loading the module", () => {
    const standIn = loadStandIn<typeof assert>("assert");
    const check: (value: unknown, message?: string) => void = standIn.exports;
    check(true);
    check(1, "never shown");
    expect(standIn.required).toEqual([]);
  });

  it("throws the real module's errors for a false condition, and has its methods", () => {
    const standIn = loadStandIn<typeof assert>("assert");
    expect(() => standIn.exports(false, "the invariant broke")).toThrow(assert.AssertionError);
    expect(() => standIn.exports(false, "the invariant broke")).toThrow("the invariant broke");
    expect(() => standIn.exports(0, new TypeError("as given"))).toThrow(TypeError);
    expect(() => standIn.exports.strictEqual(1, 2)).toThrow(assert.AssertionError);
    expect(standIn.exports.AssertionError).toBe(assert.AssertionError);
    expect(standIn.required).toEqual(["node:assert"]);
  });
});
