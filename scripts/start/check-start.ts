import { loadConfig } from "../../lib/config/load-config";
import { processEnvironment, readEnv } from "../../lib/env";
import { exitOnStartupFailure } from "../../lib/monitoring/exit-on-startup-failure";

/**
 * The start-up checks that need neither the build nor the database: the
 * environment and proxypulse.yaml, read by the same functions and reported
 * with the same line ("cannot start ProxyPulse: …", exit 1) as the server's
 * own start. `npm start` runs it (bundled: dist/start-check) before deciding
 * whether to build, so a typo costs a second, not a build.
 */
export function checkStart(cwd: string = process.cwd()): void {
  const environment = processEnvironment();
  try {
    const env = readEnv(environment);
    loadConfig(env.PROXYPULSE_CONFIG, environment, cwd);
  } catch (error) {
    exitOnStartupFailure(error);
  }
}
