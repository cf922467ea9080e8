import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fileStamp, MANIFEST } from "./is-bundle-current.mjs";
import { lazyBuiltins } from "./lazy-builtins.mjs";

/** How the bundles are made: a change here makes them stale, as a change to a source does. */
const RECIPE = [fileURLToPath(import.meta.url), fileURLToPath(new URL("./lazy-builtins.mjs", import.meta.url))];

/**
 * Node's built-in modules are loaded with require() in the bundle, not
 * import: Node 20 builds an ES module facade of a built-in by reading every
 * export, which runs its lazy getters (`import { createHash } from
 * "node:crypto"` loads WebCrypto; `node:fs` loads fs/promises and its
 * watchers), tens of milliseconds of a CLI call for nothing.
 */
const BUILTIN_NAMESPACE = "builtin-through-require";
const builtinsThroughRequire = {
  name: "builtins-through-require",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === BUILTIN_NAMESPACE ? { path: args.path, external: true } : { path: args.path, namespace: BUILTIN_NAMESPACE },
    );
    build.onLoad({ filter: /.*/, namespace: BUILTIN_NAMESPACE }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

/**
 * Bundles one TypeScript entry with esbuild (the copy tsx depends on) into
 * `outdir`, split so that each dynamic import() becomes its own chunk, and
 * writes a manifest of every source file it read (size, mtime, content
 * hash), which is-bundle-current.mjs checks before the bundle is used.
 *
 * With `commonJs`, the same entry is also bundled as one CommonJS file
 * (`<outName>.cjs`), which run-with-code-cache.mjs loads with V8's code cache.
 *
 * @param {{ root: string, entry: string, outdir: string, outName: string, external?: string[], commonJs?: boolean }} options
 * @returns {Promise<{ outdir: string, inputs: number, ms: number }>}
 */
export async function bundleEntry({ root, entry, outdir, outName, external = [], commonJs = false }) {
  const started = performance.now();
  const { build } = await import("esbuild");
  const out = resolve(root, outdir);
  // Built beside and swapped in, so a CLI call meanwhile sees the old bundle or the new one.
  const building = `${out}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  let result;
  try {
    result = await build({
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
      plugins: [lazyBuiltins, builtinsThroughRequire],
      metafile: true,
      // Less to read and parse on every call (the probe path loads about 1 MB
      // instead of 2.3 MB). Identifiers stay: stack traces remain readable, and
      // nothing here classifies errors by class name.
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: "warning",
      legalComments: "external",
      // Bundled CommonJS packages call require() for Node's built-ins.
      banner: { js: 'import { createRequire as __proxypulseRequire } from "node:module"; const require = __proxypulseRequire(import.meta.url);' },
    });
    if (commonJs) {
      // One file, so that one compile (and one code cache) covers a whole command.
      await build({
        absWorkingDir: root,
        entryPoints: [entry],
        outfile: join(building, `${outName}.cjs`),
        bundle: true,
        format: "cjs",
        platform: "node",
        target: "node20",
        external,
        plugins: [lazyBuiltins],
        minifyWhitespace: true,
        minifySyntax: true,
        // One non-ASCII character anywhere (a licence comment's "Wärting")
        // makes V8 hold the whole 1.7 MB source as a two-byte string, which
        // takes 20-30 ms longer to read and decode on every call: the
        // licence comments go to a file beside it, and esbuild escapes the
        // rest (a regular expression's literal characters excepted: write
        // those as \u escapes).
        legalComments: "external",
        logLevel: "warning",
      });
    }
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
  // Packages are checked by their package.json (a new version rewrites it),
  // not file by file: fewer files to check on every CLI call. npm writes
  // them before it runs postinstall, so the bundle made there is current.
  const files = new Set();
  for (const file of Object.keys(result.metafile.inputs)) {
    // Node's built-ins (loaded through require, above) and stand-ins for them are not files.
    if (/^[a-z-]+:/.test(file)) continue;
    const packageRoot = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
    files.add(packageRoot ? `${packageRoot[1]}/package.json` : file);
  }
  for (const file of RECIPE) files.add(relative(root, file));
  const inputs = {};
  for (const file of files) inputs[relative(root, join(root, file))] = fileStamp(join(root, file));
  writeFileSync(join(building, MANIFEST), JSON.stringify({ entry: `${outName}.mjs`, ...(commonJs ? { commonJs: `${outName}.cjs` } : {}), inputs }));
  rmSync(out, { recursive: true, force: true });
  try {
    renameSync(building, out);
  } catch (error) {
    // Another process (a test run, a start) swapped in its bundle of the same sources first.
    rmSync(building, { recursive: true, force: true });
    if (!(error instanceof Error && "code" in error && (error.code === "ENOTEMPTY" || error.code === "EEXIST"))) throw error;
  }
  return { outdir: out, inputs: Object.keys(inputs).length, ms: Math.round(performance.now() - started) };
}
