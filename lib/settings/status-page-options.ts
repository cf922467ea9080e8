import * as z from "zod";
import type { Db } from "../db/client";
import { describeForbiddenCharacter } from "../config/field-schemas";
import { ForbiddenError } from "../http/app-error";

const MAX_URL = 2048;
/** A small logo inline; anything bigger belongs at a URL. */
const MAX_DATA_URL = 64 * 1024;

/** An empty field in the dashboard's form means "not set". */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/**
 * What a public line of text may not hold, named, or null: control
 * characters, bidi overrides and invisible characters (a title could render
 * reversed or hide words), as the names of routes may not.
 */
function publicTextProblem(text: string): string | null {
  const found = describeForbiddenCharacter(text, { onlyPlainSpaces: false });
  return found ? `cannot contain ${found}` : null;
}

/**
 * A host name or address as a person types it: DNS labels, an IPv4 address
 * or a bracketed IPv6 one. The URL parser accepts far more in a host (';',
 * '*', ',', quotes), and the logo's origin goes into a CSP header.
 */
const PLAIN_HOST = /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?|\[[0-9a-f:.]+\])$/i;

function isHttpUrl(value: string, protocols: string[]): boolean {
  const url = URL.parse(value);
  return url !== null && protocols.includes(url.protocol) && url.username === "" && url.password === "" && PLAIN_HOST.test(url.hostname);
}

/**
 * Where the logo may come from. It is shown on a public page whose policy
 * allows images only from this server, data: URLs and, when the logo is an
 * https URL, that URL's origin and no other: so the accepted forms are an
 * https:// URL, a path on this server, or a data:image URL of a raster or
 * SVG image (an <img> never runs an SVG's scripts).
 */
export const LogoUrl = z
  .string({ message: "logoUrl must be text" })
  .trim()
  .refine(
    (value) =>
      (value.length <= MAX_URL && /^\/(?![/\\])[A-Za-z0-9/._~%!$&'()*+,;=:@?-]*$/.test(value)) ||
      (value.length <= MAX_URL && /^https:\/\//i.test(value) && isHttpUrl(value, ["https:"])) ||
      (value.length <= MAX_DATA_URL && /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/.test(value)),
    `logoUrl must be an https:// URL, a path on this server (/logo.png) or a data:image/…;base64 URL (up to ${MAX_DATA_URL / 1024} KB)`,
  );

export const StatusPageOptions = z
  .object({
    title: z.preprocess(
      blankToUndefined,
      z
        .string({ message: "title must be text" })
        .trim()
        .max(100, "title has at most 100 characters")
        .superRefine((text, ctx) => {
          const problem = publicTextProblem(text);
          if (problem) ctx.addIssue({ code: "custom", message: `title ${problem}` });
        })
        .optional(),
    ),
    logoUrl: z.preprocess(blankToUndefined, LogoUrl.optional()),
    description: z.preprocess(
      blankToUndefined,
      z
        .string({ message: "description must be text" })
        .trim()
        .max(1000, "description has at most 1000 characters")
        .superRefine((text, ctx) => {
          // Line breaks are kept (the page shows them); anything else unseen is refused.
          const problem = publicTextProblem(text.replace(/\r?\n/g, " "));
          if (problem) ctx.addIssue({ code: "custom", message: `description ${problem} (plain text and line breaks only)` });
        })
        .optional(),
    ),
    homeUrl: z.preprocess(
      blankToUndefined,
      z
        .string({ message: "homeUrl must be text" })
        .trim()
        .max(MAX_URL)
        .refine((value) => isHttpUrl(value, ["http:", "https:"]), "homeUrl must be an http:// or https:// URL without user:password@")
        .optional(),
    ),
  })
  .strict();
export type StatusPageOptions = z.infer<typeof StatusPageOptions>;

/** The row of Setting that holds the dashboard's options. */
const SETTING_KEY = "statusPage";

export interface EffectiveStatusPageOptions {
  options: StatusPageOptions;
  /** "file" when proxypulse.yaml sets statusPage (read-only in the dashboard). */
  source: "file" | "dashboard" | "default";
}

/** The options in force: the file's, else the dashboard's, else none. */
export async function effectiveStatusPageOptions(prisma: Db, config: { statusPage?: StatusPageOptions | undefined }): Promise<EffectiveStatusPageOptions> {
  if (config.statusPage) return { options: config.statusPage, source: "file" };
  const row = await prisma.setting.findUnique({ where: { key: SETTING_KEY } });
  if (!row) return { options: {}, source: "default" };
  // Stored by an older or newer version and no longer valid: show the plain page rather than something unchecked.
  const parsed = StatusPageOptions.safeParse(JSON.parse(row.value));
  return parsed.success ? { options: parsed.data, source: "dashboard" } : { options: {}, source: "default" };
}

/** Saves the options from the dashboard, unless proxypulse.yaml owns them. */
export async function saveStatusPageOptions(prisma: Db, config: { statusPage?: StatusPageOptions | undefined }, input: unknown): Promise<EffectiveStatusPageOptions> {
  if (config.statusPage) throw new ForbiddenError("managed_by_file", "The status page options are set in proxypulse.yaml (statusPage): change them in the file.");
  const options = StatusPageOptions.parse(input);
  const value = JSON.stringify(options);
  await prisma.setting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value }, update: { value } });
  return { options, source: "dashboard" };
}

/** The CSP img-src sources the logo needs beyond 'self' and data: (its https origin, or nothing). */
export function logoImageSource(options: StatusPageOptions): string | null {
  const url = options.logoUrl && /^https:\/\//i.test(options.logoUrl) ? URL.parse(options.logoUrl) : null;
  // Checked again here: a stored value must never put more than an origin into the header.
  return url && PLAIN_HOST.test(url.hostname) ? url.origin : null;
}
