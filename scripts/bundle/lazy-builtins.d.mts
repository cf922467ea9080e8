import type { Plugin } from "esbuild";

/** The bundles' stand-in for node:http2, as CommonJS source. */
export function lazyHttp2Source(): string;
/** esbuild plugin putting the stand-in in place of node:http2. */
export const lazyBuiltins: Plugin;
