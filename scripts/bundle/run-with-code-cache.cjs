"use strict";
// CommonJS, as bin/proxypulse.js is (see is-bundle-current.cjs for why); ES
// modules import it through run-with-code-cache.mjs.
const { readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { dirname } = require("node:path");
const { wrap } = require("node:module");
const { Script } = require("node:vm");

/**
 * Loads a CommonJS bundle with V8's code cache kept beside it
 * (`<file>.cache`): compiling the ~0.9 MB a probe needs is a large part of a
 * CLI call, and with the cache V8 reads the compiled code instead (Node 22
 * has module.enableCompileCache for this; Node 20 does not). Returns the
 * bundle's exports and a function to call once the command has run, which
 * writes the cache when there was none or V8 refused it (another Node or
 * other flags) — by then it holds the functions the command compiled, not
 * just the top level. The cache is an optimisation: a missing, unreadable,
 * corrupt or unwritable one only means compiling as usual.
 *
 * @param {string} file
 * @returns {{ exports: any, cacheAccepted: boolean, saveCache: () => void }}
 */
function loadWithCodeCache(file) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file };
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  const saveCache = () => {
    if (cachedData !== undefined && !script.cachedDataRejected) return;
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      rmSync(temporary, { force: true });
    }
  };
  return { exports: module.exports, cacheAccepted: cachedData !== undefined && !script.cachedDataRejected, saveCache };
}

module.exports = { loadWithCodeCache };
