import { createRequire } from "node:module";

// Built-ins through require (see is-bundle-current.mjs for why).
const require = createRequire(import.meta.url);

/**
 * undici's HTTP/2 client requires node:http2 when it loads, only to read
 * header-name and error-code constants; nothing else of it runs unless a
 * connection negotiates HTTP/2, which ours never do (they offer ALPN
 * http/1.1 alone). Node compiles the module and its internals on every CLI
 * call (no code cache for built-ins on Debian's Node): 5-6 ms of a probe. In
 * the bundles, node:http2 is this stand-in instead: its `constants` are the
 * real module's, copied when the bundle is built (protocol values: header
 * names, error codes), and anything else loads the real module on first use.
 *
 * @returns {string} the stand-in's CommonJS source
 */
export function lazyHttp2Source() {
  const constants = JSON.stringify(require("node:http2").constants);
  return `"use strict";
const constants = Object.freeze(${constants});
let real = null;
const load = () => (real ??= require("node:http2"));
module.exports = new Proxy(Object.create(null), {
  get: (_target, key) => (key === "constants" ? constants : load()[key]),
  has: (_target, key) => key in load(),
});
`;
}

const NAMESPACE = "lazy-builtin";

/** esbuild plugin: node:http2 (or http2) becomes the stand-in above; the stand-in's own require of it stays a real one. */
export const lazyBuiltins = {
  name: "lazy-builtins",
  setup(build) {
    build.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
      args.namespace === NAMESPACE ? { path: "node:http2", external: true } : { path: "node:http2", namespace: NAMESPACE },
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({ contents: lazyHttp2Source(), loader: "js" }));
  },
};
