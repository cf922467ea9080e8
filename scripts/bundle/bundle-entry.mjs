import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { MANIFEST } from "./is-bundle-current.mjs";

/**
 * Bundles one TypeScript entry with esbuild (the copy tsx depends on) into
 * `outdir`, split so that each dynamic import() becomes its own chunk, and
 * writes a manifest of every source file it read (size and mtime), which
 * is-bundle-current.mjs checks before the bundle is used.
 *
 * @param {{ root: string, entry: string, outdir: string, outName: string, external?: string[] }} options
 * @returns {Promise<{ outdir: string, inputs: number, ms: number }>}
 */
export async function bundleEntry({ root, entry, outdir, outName, external = [] }) {
  const started = performance.now();
  const { build } = await import("esbuild");
  const out = resolve(root, outdir);
  // Built beside and swapped in, so a CLI call meanwhile sees the old bundle or the new one.
  const building = `${out}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { [outName]: entry },
    outdir: building,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external,
    metafile: true,
    // Less to read and parse on every call (the probe path loads about 1 MB
    // instead of 2.3 MB). Identifiers stay: stack traces remain readable, and
    // nothing here classifies errors by class name.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
    // Bundled CommonJS packages call require() for Node's built-ins.
    banner: { js: 'import { createRequire as __proxypulseRequire } from "node:module"; const require = __proxypulseRequire(import.meta.url);' },
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs)) {
    // Paths are relative to root; the manifest keeps them so, and the bundle survives a moved checkout.
    // Packages are checked through npm's lockfiles below, not file by file:
    // fewer stat calls on every CLI call.
    if (file.startsWith("node_modules/")) continue;
    const stat = statSync(join(root, file));
    inputs[relative(root, join(root, file))] = [stat.size, stat.mtimeMs];
  }
  // Any npm install or update rewrites node_modules/.package-lock.json.
  for (const file of ["package-lock.json", "node_modules/.package-lock.json"]) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    if (stat) inputs[file] = [stat.size, stat.mtimeMs];
  }
  writeFileSync(join(building, MANIFEST), JSON.stringify({ entry: `${outName}.mjs`, inputs }));
  rmSync(out, { recursive: true, force: true });
  renameSync(building, out);
  return { outdir: out, inputs: Object.keys(inputs).length, ms: Math.round(performance.now() - started) };
}
