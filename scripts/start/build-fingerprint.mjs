import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * What `next build` reads: when none of it changed since the last
 * successful build, `npm start` serves that build instead of making it again.
 * Directories are walked whole (lib/generated included: Prisma's client is
 * compiled into the server bundle).
 */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "instrumentation.ts",
  "proxy.ts",
  "middleware.ts",
  "next.config.js",
  "next.config.mjs",
  "next.config.ts",
  "postcss.config.mjs",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "prisma/schema.prisma",
];

/** Written inside .next after a successful build; `next build` empties .next first, so a failed build leaves none. */
export const BUILD_STAMP = join(".next", "proxypulse-build-stamp.json");

/**
 * A hash of the build's inputs: every file's path and content, and the Node
 * version. Contents, not mtimes: a checkout or a copy that only touches files
 * (git switch back and forth, docker COPY) does not cost a rebuild.
 *
 * @param {string} root the project directory
 * @param {readonly string[]} [inputs] files and directories, relative to root
 * @returns {string}
 */
export function computeBuildFingerprint(root, inputs = BUILD_INPUTS) {
  const hash = createHash("sha256");
  hash.update(`node ${process.versions.node}\n`);
  const files = inputs.flatMap((input) => listFiles(root, join(root, input))).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(createHash("sha256").update(readFileSync(join(root, file))).digest());
  }
  return hash.digest("hex");
}

/** Files under `path` (relative to root), or `path` itself; nothing when it does not exist. */
function listFiles(root, path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return [relative(root, path)];
  if (!stat.isDirectory()) return [];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.name === "node_modules" || entry.name === ".DS_Store" ? [] : listFiles(root, join(path, entry.name)),
  );
}

/**
 * "current" when the last successful build was made from exactly these
 * inputs (and is still there), else "rebuild".
 *
 * @param {string} root
 * @param {string} fingerprint from computeBuildFingerprint
 * @returns {"current" | "rebuild"}
 */
export function buildState(root, fingerprint) {
  if (!existsSync(join(root, ".next", "BUILD_ID"))) return "rebuild";
  try {
    const stamp = JSON.parse(readFileSync(join(root, BUILD_STAMP), "utf8"));
    return stamp.fingerprint === fingerprint ? "current" : "rebuild";
  } catch {
    return "rebuild";
  }
}

/**
 * Records that the build in .next was made from these inputs.
 *
 * @param {string} root
 * @param {string} fingerprint
 */
export function writeBuildStamp(root, fingerprint) {
  writeFileSync(join(root, BUILD_STAMP), `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() })}\n`);
}
