import * as z from "zod";

/**
 * The one validated view of process.env. Everything else asks this module, so
 * a bad environment fails fast with a readable message.
 */
const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value));

const EnvSchema = z.object({
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url({ message: "OPENAI_BASE_URL must be a URL" }).optional()),
  NODE_EXTRA_CA_CERTS: optionalString,
  DATABASE_URL: optionalString,
  PROXYPULSE_CONFIG: optionalString,
  PROXYPULSE_SECRET_KEY: optionalString,
  // The admin token guards every change and is the only login: short ones can be guessed.
  // Trimmed as the login form and the bearer header trim what is given: spaces must not count towards the length.
  PROXYPULSE_ADMIN_TOKEN: optionalString.pipe(
    z.string().trim().min(32, "PROXYPULSE_ADMIN_TOKEN must be at least 32 characters (make one with: openssl rand -base64 32)").optional(),
  ),
  /**
   * How many reverse proxies in front of ProxyPulse append to X-Forwarded-For
   * (0: none, clients are told apart by their socket address).
   */
  PROXYPULSE_TRUST_PROXY: z.coerce
    .number({ message: "PROXYPULSE_TRUST_PROXY must be a number of proxies (0, 1, 2…)" })
    .int()
    .min(0)
    .max(10, "PROXYPULSE_TRUST_PROXY must be between 0 and 10")
    .default(0),
  /** "off" keeps the web server from probing (when `npm run worker` runs beside it). */
  PROXYPULSE_SCHEDULER: z.enum(["on", "off"]).default("on"),
  /** Where the CLI finds a running ProxyPulse (best-route). */
  PROXYPULSE_URL: optionalString,
  /** `proxypulse agent`: the hub to report to, and this location's agent token (made in the dashboard's Locations). */
  PROXYPULSE_HUB_URL: optionalString,
  PROXYPULSE_AGENT_TOKEN: optionalString,
  /** The port `npm start` serves on (Next's PORT); links in alerts use it when `publicUrl` is not set. */
  // Not validated here: every command reads this module, and a PORT meant for something else must not stop the CLI.
  PORT: optionalString,
  /** Where the secret key and the admin token are kept on PostgreSQL (with SQLite: beside the database file). */
  PROXYPULSE_DATA_DIR: optionalString,
  /** Set by `npm run demo`: pages say the data is simulated. */
  PROXYPULSE_DEMO: optionalString,
  NODE_TLS_REJECT_UNAUTHORIZED: optionalString,
  LANG: optionalString,
  LC_ALL: optionalString,
});

export type Env = z.infer<typeof EnvSchema>;

export const PROXY_ENV_NAMES = [
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "ALL_PROXY",
  "all_proxy",
  "NO_PROXY",
  "no_proxy",
] as const;

export class InvalidEnvironmentError extends Error {
  readonly code = "invalid_environment";
  constructor(message: string) {
    super(message);
    this.name = "InvalidEnvironmentError";
  }
}

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new InvalidEnvironmentError(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

/** The proxy variables that are set (which one applies to a URL: lib/routes/resolve-env-proxy.ts). */
export function readProxyEnv(source: Record<string, string | undefined> = process.env): Array<{ name: string; value: string }> {
  return PROXY_ENV_NAMES.flatMap((name) => {
    const value = source[name];
    return value && value.trim() !== "" ? [{ name, value }] : [];
  });
}

/** One variable a provider's SDK users set (its key, its base URL), blank as unset. */
export function readVariable(name: string, source: Record<string, string | undefined> = process.env): string | undefined {
  const value = source[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** The raw environment, for the composition root to pass on (to child processes, or as variables a config names). */
export function processEnvironment(): NodeJS.ProcessEnv {
  return process.env;
}
