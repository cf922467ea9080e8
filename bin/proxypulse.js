#!/usr/bin/env node
// Runs the CLI bundle that postinstall and `npm run build` make with esbuild
// (dist/cli: nothing to compile, and `help` loads almost nothing). When the
// bundle is missing or older than a source it was built from (a dev checkout
// after an edit), it runs the sources through tsx instead, so `npx
// proxypulse` always runs the code as it is on disk.
// PROXYPULSE_CLI_FROM_SOURCE=1 forces the sources (tests compare the two).
import { createRequire } from "node:module";
import { currentBundle } from "../scripts/bundle/is-bundle-current.mjs";

// Built-ins through require (see is-bundle-current.mjs for why).
const require = createRequire(import.meta.url);
const { join } = require("node:path");
const { fileURLToPath, pathToFileURL } = require("node:url");
const { setFlagsFromString } = require("node:v8");

// A call parses a few HTTP responses: V8's optimising compile of undici's
// WebAssembly HTTP parser (run in the background, awaited at exit) costs
// more than it saves, about 0.2 s per call. Set before undici loads. Not for
// the probe agent: it runs for months and parses every probe's answer.
if (process.argv[2] !== "agent") setFlagsFromString("--liftoff-only");

// Commands that load the probe machinery run from the one-file CommonJS
// bundle with V8's code cache; the rest (help, version) from the ES module
// bundle, which loads almost nothing for them.
const CACHED_COMMANDS = new Set(["probe", "doctor", "best-route"]);

const root = fileURLToPath(new URL("..", import.meta.url));
const argv = process.argv.slice(2);
const bundle = process.env.PROXYPULSE_CLI_FROM_SOURCE === "1" ? null : currentBundle(root, join(root, "dist", "cli"));
let main;
let afterRun = () => undefined;
if (bundle?.commonJs && CACHED_COMMANDS.has(argv[0])) {
  const { loadWithCodeCache } = await import("../scripts/bundle/run-with-code-cache.mjs");
  const loaded = loadWithCodeCache(bundle.commonJs);
  ({ main } = loaded.exports);
  afterRun = loaded.saveCache;
} else if (bundle) {
  ({ main } = await import(pathToFileURL(bundle.entry).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../cli/main.ts"));
}
process.exitCode = await main(argv);
afterRun();
