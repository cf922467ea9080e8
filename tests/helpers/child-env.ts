/**
 * An environment for a child process made of exactly these variables. Next's
 * types make NODE_ENV required on ProcessEnv; a child we start does not need it.
 */
export function childEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(vars)) if (value !== undefined) env[name] = value;
  return env as NodeJS.ProcessEnv;
}
