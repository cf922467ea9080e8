import type { Plugin } from "esbuild";

/** The bundles' stand-in for a built-in module, as CommonJS source. */
export function lazyBuiltinSource(id: "http2" | "zlib" | "assert"): string;
/** esbuild plugin putting the stand-ins in place of the built-ins. */
export const lazyBuiltins: Plugin;
