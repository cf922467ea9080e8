#!/usr/bin/env node
// `proxypulse` inside the container (`docker compose exec proxypulse proxypulse doctor`):
// the CLI bundle that `npm run build` made (dist/cli, copied to /app/cli), run
// as bin/proxypulse.js runs it; the image has no sources to fall back to.
import { setFlagsFromString } from "node:v8";

// As in bin/proxypulse.js: V8's optimising compile of undici's WebAssembly parser costs more than it saves here.
setFlagsFromString("--liftoff-only");
const { main } = await import("/app/cli/proxypulse.mjs");
process.exitCode = await main(process.argv.slice(2));
