import { createRequire } from "node:module";

// Built-ins through require (see is-bundle-current.mjs for why).
const require = createRequire(import.meta.url);

/**
 * Node compiles each built-in module a CLI call loads (Debian's Node has no
 * code cache for them; a probe paid about 100 M instructions for them). Some
 * that the bundled packages require when they load are never used by a
 * probe; in the bundles they are stand-ins that load the real module on first
 * use of anything in it:
 * - node:http2: undici's HTTP/2 client reads only its constants at load (our
 *   connections offer ALPN http/1.1 alone, so HTTP/2 is never negotiated);
 *   the stand-in's `constants` are the real module's, copied when the bundle
 *   is built (protocol values: header names, error codes).
 * - node:zlib: undici's fetch helpers keep the module for decompressing
 *   bodies, which our requests never ask for (accept-encoding: identity).
 * - node:assert: undici calls assert(condition) on its own invariants; the
 *   stand-in is a function that loads the real one only when a condition
 *   fails (and for any of its methods).
 *
 * @param {"http2" | "zlib" | "assert"} id
 * @returns {string} the stand-in's CommonJS source
 */
export function lazyBuiltinSource(id) {
  const load = `let real = null;\nconst load = () => (real ??= require("node:${id}"));\n`;
  switch (id) {
    case "http2":
      return `"use strict";\n${load}const constants = Object.freeze(${JSON.stringify(require("node:http2").constants)});
module.exports = new Proxy(Object.create(null), {
  get: (_target, key) => (key === "constants" ? constants : load()[key]),
  has: (_target, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Object.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});
`;
    case "zlib":
      return `"use strict";\n${load}module.exports = new Proxy(Object.create(null), {
  get: (_target, key) => load()[key],
  has: (_target, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_target, key) => {
    const descriptor = Object.getOwnPropertyDescriptor(load(), key);
    return descriptor && { ...descriptor, configurable: true };
  },
});
`;
    case "assert":
      return `"use strict";\n${load}function assert(value, message) {
  if (!value) load()(value, message);
}
for (const key of ${JSON.stringify(Object.keys(require("node:assert")))}) {
  Object.defineProperty(assert, key, { get: () => load()[key], enumerable: true, configurable: true });
}
module.exports = assert;
`;
    default:
      throw new Error(`no stand-in for node:${id}`);
  }
}


const NAMESPACE = "lazy-builtin";

/** esbuild plugin: each of those built-ins (node:x or x) becomes its stand-in; a stand-in's own require of it stays a real one. */
export const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    build.onResolve({ filter: /^(node:)?(http2|zlib|assert)$/ }, (args) => {
      const id = args.path.replace(/^node:/, "");
      return args.namespace === NAMESPACE ? { path: `node:${id}`, external: true } : { path: id, namespace: NAMESPACE };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: lazyBuiltinSource(args.path), loader: "js" }));
  },
};
