import type { Db } from "../db/client";
import { ValidationError } from "../http/app-error";
import { sameApiOrigin } from "./secret-scope";

/** Whether a key read from environment variable `name` may be sent to `baseUrl`. */
export type EnvKeyScope = (name: string, baseUrl: string) => boolean;

/**
 * A key in an environment variable goes only where the operator, who set the
 * variable, sends it: to the API origins of proxypulse.yaml's targets naming
 * it (without a file: OPENAI_API_KEY to the official API or OPENAI_BASE_URL).
 * Otherwise anyone holding an admin session could read OPENAI_API_KEY back
 * by pointing a target, or a test, at a server of their own.
 */
export async function loadEnvKeyScope(db: Db): Promise<EnvKeyScope> {
  const fileTargets = await db.target.findMany({ where: { source: "file", apiKeyEnv: { not: null } }, select: { apiKeyEnv: true, baseUrl: true } });
  return (name, baseUrl) => fileTargets.some((target) => target.apiKeyEnv === name && sameApiOrigin(target.baseUrl, baseUrl));
}

/** 400 when a key from `name` would go to a host the file does not use it for (nothing to protect while the variable is unset). */
export async function assertEnvKeyScope(db: Db, env: Record<string, string | undefined>, name: string, baseUrl: string, path: string): Promise<void> {
  if (env[name] === undefined) return;
  if ((await loadEnvKeyScope(db))(name, baseUrl)) return;
  const message = `The key in ${name} is only sent to the hosts proxypulse.yaml uses it for: enter the key itself to use another host.`;
  throw new ValidationError(message, [{ path, message }]);
}
