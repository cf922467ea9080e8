"use strict";
// CommonJS, as bin/proxypulse.js is: it runs at the start of every CLI call,
// and an ES module there starts Node's ES module loader (with fs/promises
// and readline) for nothing. ES modules import it through
// is-bundle-current.mjs. Built-ins through require, not import: Node 20
// builds an ES module facade of a built-in by reading every export
// (importing node:crypto loads WebCrypto, node:fs loads fs/promises).
const { readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

/** The file bundle-entry.mjs writes beside a bundle: its entry and a stamp of each input. */
const MANIFEST = "manifest.json";

/**
 * Size, mtime and content hash of a file, as the manifest keeps them.
 *
 * @param {string} path
 * @returns {[number, number, string]}
 */
function fileStamp(path) {
  const stat = statSync(path);
  return [stat.size, stat.mtimeMs, hashFile(path)];
}

function hashFile(path) {
  // Loaded only here: a call whose sources kept their mtimes hashes nothing (node:crypto costs ~10 ms to load).
  const { createHash } = require("node:crypto");
  return createHash("sha256").update(readFileSync(path)).digest("base64");
}

/**
 * The bundle's entry file when the bundle exists and no source it was built
 * from changed since, else null (see currentBundle).
 *
 * @param {string} root the project directory the manifest's paths are relative to
 * @param {string} outdir the bundle's directory
 * @returns {string | null}
 */
function currentBundleEntry(root, outdir) {
  return currentBundle(root, outdir)?.entry ?? null;
}

/**
 * The bundle's files when it exists and no source it was built from changed
 * since, else null. A file with its recorded size and mtime is unchanged (one
 * stat: cheap enough for every CLI call); one whose mtime moved (a checkout,
 * a copy, npm rewriting a file) is compared by content.
 *
 * @param {string} root the project directory the manifest's paths are relative to
 * @param {string} outdir the bundle's directory
 * @returns {{ entry: string, commonJs: string | null } | null}
 */
function currentBundle(root, outdir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outdir, MANIFEST), "utf8"));
  } catch {
    return null;
  }
  for (const [file, [size, mtimeMs, hash]] of Object.entries(manifest.inputs)) {
    const path = join(root, file);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat || stat.size !== size) return null;
    if (stat.mtimeMs !== mtimeMs && hashFile(path) !== hash) return null;
  }
  const entry = join(outdir, manifest.entry);
  if (!statSync(entry, { throwIfNoEntry: false })) return null;
  const commonJs = manifest.commonJs ? join(outdir, manifest.commonJs) : null;
  return { entry, commonJs: commonJs && statSync(commonJs, { throwIfNoEntry: false }) ? commonJs : null };
}

module.exports = { MANIFEST, fileStamp, currentBundleEntry, currentBundle };
