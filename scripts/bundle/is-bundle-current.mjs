import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The file bundle-entry.mjs writes beside a bundle: its entry and the size and mtime of each input. */
export const MANIFEST = "manifest.json";

/**
 * The bundle's entry file when the bundle exists and no source it was built
 * from changed since (same size and mtime for every input), else null. Only
 * stat calls: cheap enough to run on every CLI call.
 *
 * @param {string} root the project directory the manifest's paths are relative to
 * @param {string} outdir the bundle's directory
 * @returns {string | null}
 */
export function currentBundleEntry(root, outdir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outdir, MANIFEST), "utf8"));
  } catch {
    return null;
  }
  for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    if (!stat || stat.size !== size || stat.mtimeMs !== mtimeMs) return null;
  }
  const entry = join(outdir, manifest.entry);
  return statSync(entry, { throwIfNoEntry: false }) ? entry : null;
}
