import { z } from "zod";

/**
 * The name of a target, proxy or notification channel, checked the same way
 * in proxypulse.yaml and through the API. Names are shown in the dashboard,
 * the public status page, metrics labels and chat messages: no control
 * characters (NUL, CR/LF), no invisible formatting (bidi overrides,
 * zero-width joiners) that would make one name pass for another.
 */
export const ObjectName = z
  .string()
  .trim()
  .min(1, "a name is required")
  .max(64, "a name has at most 64 characters")
  .regex(/^[^/]+$/, "a name cannot contain '/'")
  // Default-ignorable code points (grapheme joiners, Hangul fillers, variation selectors) render as nothing, other spaces as a space.
  .refine(
    (name) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|[^\P{Zs} ]/u.test(name),
    "a name cannot contain control characters, line breaks or invisible formatting characters (such as bidi overrides), nor spaces other than the plain one",
  );

/**
 * What two names are compared by for uniqueness (file and API alike): names
 * that read the same are one name. NFKC folds fullwidth letters, ligatures
 * and decomposed accents; HTML shows a run of spaces as one.
 */
export function nameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/ +/g, " ");
}

/**
 * The environment variable a target's key is read from. Restricted to
 * *_API_KEY names so that an admin session cannot make the server send any of
 * its other variables (PATH, its own secret key, the admin token) to an
 * API as a "key".
 */
export const ApiKeyEnvName = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]*_API_KEY$/, "must name an environment variable in capitals ending in _API_KEY, e.g. OPENAI_API_KEY")
  .refine((name) => !name.startsWith("PROXYPULSE_"), "cannot be one of ProxyPulse's own variables (PROXYPULSE_*)");

/** Whether a stored target's key env variable may be read (targets saved before the rule existed). */
export function isAllowedApiKeyEnv(name: string | null | undefined): name is string {
  return typeof name === "string" && ApiKeyEnvName.safeParse(name).success;
}

/**
 * A target's API key as typed or pasted (file, API, test before saving). Keys
 * are printable ASCII: a line break or space pasted into the middle would
 * only fail every probe later as "invalid header value".
 */
export const ApiKeyValue = z
  .string()
  .trim()
  .min(1, "an empty key: leave it out instead")
  .max(500, "an API key has at most 500 characters")
  .regex(/^[\x21-\x7e]*$/, "an API key is printable ASCII without spaces or line breaks (was something pasted with it?)");

/** The model a target's probes ask for, the same in the file and the API. */
export const ModelName = z
  .string()
  .trim()
  .min(1, "a model is required")
  .max(200, "a model name has at most 200 characters")
  .refine((model) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(model), "a model name cannot contain control characters or line breaks");

/** A target's API base URL, the same in the file, the API and "test before saving". */
export const ApiBaseUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.openai.com/v1" })
  .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), "must not contain credentials (user:password@): give the key as apiKey")
  // Refinements run even when the URL check failed: parse defensively.
  .refine((url) => URL.parse(url)?.port !== "0", "the port must be between 1 and 65535");

/** Bounds shared by the file and the API (a route's own interval, a threshold and its window). */
export const IntervalSeconds = z.number().int().min(5).max(86_400);
export const LatencyThresholdMs = z.number().int().min(1).max(600_000);
export const LatencyWindow = z.number().int().min(1).max(1000);
