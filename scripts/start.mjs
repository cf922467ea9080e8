#!/usr/bin/env node
// `npm start`: check the environment and proxypulse.yaml (about 0.2 s, the
// same message as the server's own start), build only when a source or a
// dependency changed since the last successful build, then `next start`.
// Plain JavaScript: no TypeScript loader to pay for on every start.
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { BUNDLES, buildBundles } from "./bundle/build-bundles.mjs";
import { currentBundleEntry } from "./bundle/is-bundle-current.mjs";
import { buildApp } from "./start/build-app.mjs";
import { buildState, computeBuildFingerprint } from "./start/build-fingerprint.mjs";
import { nextBin, runChild } from "./start/run-next.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// As under `npm start`: Next builds and serves the project in the working
// directory, and the check must read the same ./proxypulse.yaml as the server.
process.chdir(ROOT);

// 1. Fail fast. The check is bundled (postinstall); rebuilt here after an edit.
const checkDir = join(ROOT, BUNDLES["start-check"].outdir);
let check = currentBundleEntry(ROOT, checkDir);
if (!check) {
  await buildBundles(["start-check"]);
  check = currentBundleEntry(ROOT, checkDir);
}
const { checkStart } = await import(pathToFileURL(check).href);
checkStart(ROOT);

// Next's settings for this process tree: our SIGTERM handler, no telemetry.
const env = { ...process.env, NEXT_MANUAL_SIG_HANDLE: "true", NEXT_TELEMETRY_DISABLED: "1" };

// 2. Build only when needed.
const fingerprint = computeBuildFingerprint(ROOT);
if (buildState(ROOT, fingerprint) === "rebuild") {
  console.log("[proxypulse] info the sources changed since the last build (or there is none): building");
  const code = await buildApp(ROOT, env, fingerprint);
  if (code !== 0) process.exit(code);
}

// 3. Serve. HOST as in `npm run serve`: `next start -H "$HOST"` when set.
const host = process.env.HOST;
process.exitCode = await runChild([nextBin(), "start", ...(host ? ["-H", host] : [])], env, { ownGroup: true });
