#!/usr/bin/env node
// Builds the ahead-of-time bundles (postinstall, `npm run build`,
// `npm run build:cli`): the `proxypulse` CLI, and the start-up check that
// `npm start` runs before deciding whether to build the app.
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./bundle-entry.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The CLI runs from dist/cli; the start check from dist/start-check. */
export const BUNDLES = {
  // better-sqlite3 (the agent's spool) loads its native addon from its own package: required at run time, not bundled.
  cli: { entry: "cli/main.ts", outdir: "dist/cli", outName: "proxypulse", commonJs: true, external: ["better-sqlite3"] },
  "start-check": { entry: "scripts/start/check-start.ts", outdir: "dist/start-check", outName: "check-start" },
};

export async function buildBundles(names = Object.keys(BUNDLES)) {
  for (const name of names) {
    const spec = BUNDLES[name];
    if (!spec) throw new Error(`unknown bundle "${name}" (expected ${Object.keys(BUNDLES).join(", ")})`);
    const built = await bundleEntry({ root: ROOT, ...spec });
    console.log(`bundled ${spec.entry} → ${spec.outdir} (${built.inputs} files, ${built.ms} ms)`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildBundles(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
