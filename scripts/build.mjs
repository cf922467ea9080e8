#!/usr/bin/env node
// `npm run build`: the ahead-of-time bundles (the CLI, the start check), then
// the app, stamped so that the next `npm start` serves it without building.
import { fileURLToPath } from "node:url";
import { buildBundles } from "./bundle/build-bundles.mjs";
import { buildApp } from "./start/build-app.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
process.chdir(ROOT);
await buildBundles();
process.exitCode = await buildApp(ROOT, { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
