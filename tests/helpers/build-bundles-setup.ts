// vitest globalSetup: the CLI tests run the bundle users run (dist/cli), so
// make it (and the start check's) from the sources as they are now, when
// they changed since the last bundle.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLES, buildBundles } from "../../scripts/bundle/build-bundles.mjs";
import { currentBundleEntry } from "../../scripts/bundle/is-bundle-current.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export default async function setup(): Promise<void> {
  const stale = Object.entries(BUNDLES)
    .filter(([, spec]) => currentBundleEntry(ROOT, join(ROOT, spec.outdir)) === null)
    .map(([name]) => name);
  if (stale.length) await buildBundles(stale);
}
