import * as z from "zod";
import { InvalidProxySpecError, parseProxySpec } from "../routes/parse-proxy-spec";
import { MAX_PAID_PROBE_EVERY } from "../providers/probe-cost";
import { PROBE_KIND_NAMES, PROVIDER_CHOICES_MESSAGE, PROVIDER_IDS, type ProbeKindName, type ProviderId } from "../providers/registry";

/*
 * Every field's checks stop at the first problem (`abort`), so one value gets
 * one message that names what is actually wrong: an empty name is "required",
 * not also "cannot contain '/'" (the slash rule, run on "", used to be the
 * message a form showed).
 */

const LINE_BREAKS = /[\n\r\u2028\u2029\u0085]/u;

/** The first character of `text` that a name or model may not hold, in words with its code point, or null. */
export function describeForbiddenCharacter(text: string, options: { onlyPlainSpaces: boolean }): string | null {
  for (const char of text) {
    const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    if (LINE_BREAKS.test(char)) return `a line break (${code})`;
    if (char === "\t") return `a tab (${code})`;
    if (/\p{Cc}/u.test(char)) return `a control character (${code})`;
    if (/\p{Cf}/u.test(char)) return `an invisible formatting character such as a bidi override or zero-width joiner (${code})`;
    if (!options.onlyPlainSpaces) continue;
    // Default-ignorable code points (grapheme joiners, Hangul fillers, variation selectors) render as nothing.
    if (/\p{Default_Ignorable_Code_Point}/u.test(char)) return `an invisible character (${code})`;
    if (/\p{Zs}/u.test(char) && char !== " ") return `a space other than the plain one (${code})`;
  }
  return null;
}

/** A required text field: trimmed, "<Label> is required" when empty, at most `max` characters. */
function requiredText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .min(1, { message: `${label} is required`, abort: true })
    .max(max, { message: `${label} is at most ${max} characters`, abort: true });
}

/**
 * The name of a target, proxy or notification channel, checked the same way
 * in proxypulse.yaml and through the API. Names are shown in the dashboard,
 * the public status page, metrics labels and chat messages: no control
 * characters (NUL, CR/LF), no invisible formatting (bidi overrides,
 * zero-width joiners) that would make one name pass for another. '/' joins a
 * proxy and a target in route patterns ("proxy/target").
 */
export const ObjectName = requiredText("Name", 64)
  .refine((name) => !name.includes("/"), { message: "Name cannot contain '/' (it separates proxy and target in route names such as office/openai)", abort: true })
  .superRefine((name, ctx) => {
    const forbidden = describeForbiddenCharacter(name, { onlyPlainSpaces: true });
    if (forbidden) ctx.addIssue({ code: "custom", message: `Name cannot contain ${forbidden}` });
  });

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
  .string({ error: "The environment variable's name must be text" })
  .trim()
  .min(1, { message: "The environment variable's name is required (or leave the setting out)", abort: true })
  .regex(/^[A-Z][A-Z0-9_]*_API_KEY$/, { message: "The environment variable must be named in capitals ending in _API_KEY, e.g. OPENAI_API_KEY", abort: true })
  .refine((name) => !name.startsWith("PROXYPULSE_"), "The environment variable cannot be one of ProxyPulse's own (PROXYPULSE_*)");

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
  .string({ error: "The API key must be text" })
  .trim()
  .min(1, { message: "The API key is empty: leave it out instead", abort: true })
  .max(500, { message: "The API key is at most 500 characters", abort: true })
  .regex(/^[\x21-\x7e]*$/, "The API key is printable ASCII without spaces or line breaks (was something pasted with it?)");

/** The model a target's probes ask for, the same in the file and the API. */
export const ModelName = requiredText("Model", 200).superRefine((model, ctx) => {
  const forbidden = describeForbiddenCharacter(model, { onlyPlainSpaces: false });
  if (forbidden) ctx.addIssue({ code: "custom", message: `Model cannot contain ${forbidden}` });
});

/** A target's API base URL, the same in the file, the API and "test before saving". */
export const ApiBaseUrl = z
  .string({ error: "Base URL must be text" })
  .trim()
  .min(1, { message: "Base URL is required, e.g. https://api.openai.com/v1", abort: true })
  .superRefine((text, ctx) => {
    const problem = baseUrlProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

function baseUrlProblem(text: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (!scheme || !text.includes("://")) return "Base URL must be an http(s) URL such as https://api.openai.com/v1 (the scheme is missing)";
  if (scheme !== "http" && scheme !== "https") return `Base URL must be an http(s) URL such as https://api.openai.com/v1 (not ${scheme}://)`;
  if (/^[a-z]+:\/\/[^/?#]*@/i.test(text)) return "Base URL must not contain credentials (user:password@): give the key as apiKey";
  const port = /^[a-z]+:\/\/(?:\[[^\]]*\]|[^/?#:]*):(\d+)/i.exec(text)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65_535)) return `Base URL's port must be between 1 and 65535 (not ${port})`;
  const url = URL.parse(text);
  if (!url || url.hostname === "") return "Base URL is not a valid URL: check the host name (e.g. https://api.openai.com/v1)";
  return null;
}

/** A CA certificate file (PEM) to trust besides the system's; whether it exists is checked on save. */
export const CaFilePath = z
  .string({ error: "CA file must be a path (text)" })
  .trim()
  .min(1, { message: "CA file is empty: leave it out to trust the system's certificates only", abort: true })
  .max(4096, "CA file path is at most 4096 characters")
  .refine((path) => describeForbiddenCharacter(path, { onlyPlainSpaces: false }) === null, "CA file path cannot contain control characters or line breaks");

/** How often a route is probed, in seconds. */
export const IntervalSeconds = wholeNumberIn("Interval", "seconds", 5, 86_400);

/** How long a probe may take, in milliseconds. */
export const TimeoutMs = wholeNumberIn("Timeout", "ms", 100, 600_000);

function wholeNumberIn(label: string, unit: string, min: number, max: number) {
  return z
    .number({ error: `${label} must be a number of ${unit}` })
    .int({ message: `${label} must be a whole number of ${unit}`, abort: true })
    .min(min, { message: `${label} is at least ${min} ${unit}`, abort: true })
    .max(max, `${label} is at most ${max} ${unit}`);
}

/** A route spec (direct, env or a proxy URL), in the file, a form or the API: refused with the parser's own message. */
export const ProxySpecText = z.string({ error: "Route spec must be text" }).superRefine((value, ctx) => {
  if (value.trim() === "") {
    ctx.addIssue({ code: "custom", message: "Route spec is required: direct, env, or a proxy URL such as http://127.0.0.1:7890" });
    return;
  }
  try {
    parseProxySpec(value);
  } catch (error) {
    if (!(error instanceof InvalidProxySpecError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message });
  }
});

/** What a target's probe asks the API (a kind of request one of the providers in lib/providers offers). */
export const ProbeKindField = z.enum(PROBE_KIND_NAMES as [ProbeKindName, ...ProbeKindName[]], { error: `Probe must be one of: ${PROBE_KIND_NAMES.join(", ")}` });

/** Which API a target is (lib/providers): it decides the SDK, the probe kinds and how errors read. */
export const ProviderField = z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]], { error: PROVIDER_CHOICES_MESSAGE });

/** A latency threshold (a route is degraded while its p95 is above it), in milliseconds. */
export const LatencyThresholdMs = wholeNumberIn("Latency threshold", "ms", 1, 600_000);

/** How many recent successful probes the latency threshold's p95 is taken over. */
export const LatencyWindow = wholeNumberIn("Latency window", "probes", 1, 1000);

/** Scheduled rounds between paid probes of a target whose kind costs tokens (the rounds between use the free kind). */
export const PaidProbeEvery = z
  .number({ error: "Paid probe every must be a whole number of rounds, e.g. 10" })
  .int({ message: "Paid probe every must be a whole number of rounds, e.g. 10", abort: true })
  .min(1, { message: "Paid probe every is at least 1 (1: every scheduled probe uses the target's own kind)", abort: true })
  .max(MAX_PAID_PROBE_EVERY, `Paid probe every is at most ${MAX_PAID_PROBE_EVERY} rounds`);
