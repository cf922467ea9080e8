import { computeBuildFingerprint, writeBuildStamp } from "./build-fingerprint.mjs";
import { nextBin, runChild } from "./run-next.mjs";

/**
 * `next build`, then the stamp that lets `npm start` skip the next build
 * while the inputs stay the same. The fingerprint is taken before the build:
 * a source edited while it runs makes the next start build again.
 *
 * @param {string} root the project directory (the working directory)
 * @param {NodeJS.ProcessEnv} env
 * @param {string} [fingerprint] when the caller has it already
 * @returns {Promise<number>} next build's exit code
 */
export async function buildApp(root, env, fingerprint = computeBuildFingerprint(root)) {
  const code = await runChild([nextBin(), "build"], env);
  if (code === 0) writeBuildStamp(root, fingerprint);
  return code;
}
