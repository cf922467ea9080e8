#!/usr/bin/env node
// Runs the CLI bundle that postinstall and `npm run build` make with esbuild
// (dist/cli: nothing to compile, and `help` loads almost nothing). When the
// bundle is missing or older than a source it was built from (a dev checkout
// after an edit), it runs the sources through tsx instead, so `npx
// proxypulse` always runs the code as it is on disk.
// PROXYPULSE_CLI_FROM_SOURCE=1 forces the sources (tests compare the two).
//
// CommonJS (bin/package.json says so): an ES module entry starts Node's ES
// module loader, with fs/promises and readline, on every call, which
// `probe`, `doctor` and `best-route` (from the CommonJS bundle) never need.
"use strict";
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");
const { setFlagsFromString } = require("node:v8");
const { currentBundle } = require("../scripts/bundle/is-bundle-current.cjs");

// A call parses a few HTTP responses: V8's optimising compile of undici's
// WebAssembly HTTP parser (run in the background, awaited at exit) costs
// more than it saves, about 0.2 s per call. Set before undici loads. Not for
// the probe agent: it runs for months and parses every probe's answer.
if (process.argv[2] !== "agent") setFlagsFromString("--liftoff-only");

// Commands that load the probe machinery run from the one-file CommonJS
// bundle with V8's code cache; the rest (help, version) from the ES module
// bundle, which loads almost nothing for them.
const CACHED_COMMANDS = new Set(["probe", "doctor", "best-route"]);

async function run() {
  const root = join(__dirname, "..");
  const argv = process.argv.slice(2);
  const bundle = process.env.PROXYPULSE_CLI_FROM_SOURCE === "1" ? null : currentBundle(root, join(root, "dist", "cli"));
  let main;
  let afterRun = () => undefined;
  if (bundle?.commonJs && CACHED_COMMANDS.has(argv[0])) {
    const { loadWithCodeCache } = require("../scripts/bundle/run-with-code-cache.cjs");
    const loaded = loadWithCodeCache(bundle.commonJs);
    ({ main } = loaded.exports);
    // The cache holds what the run that wrote it compiled: written after a
    // call that failed early (a bad option, an unreachable proxy), it lacked
    // most of a probe's code, which every later call then compiled again.
    afterRun = () => process.exitCode === 0 && loaded.saveCache();
  } else if (bundle) {
    ({ main } = await import(pathToFileURL(bundle.entry).href));
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    ({ main } = await import(pathToFileURL(join(root, "cli", "main.ts")).href));
  }
  process.exitCode = await main(argv);
  afterRun();
}

run();
