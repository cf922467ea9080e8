import * as z from "zod";
import { ObjectName } from "../../config/field-schemas";

/** The fields every channel entry has, whatever its type. */
export const CHANNEL_COMMON = {
  name: ObjectName,
  lang: z.enum(["en", "zh"]).default("en"),
  enabled: z.boolean().default(true),
};

/** A channel's config entry: common fields, its type, its own settings; unknown keys refused. */
export function channelSchema<T extends string, Shape extends z.ZodRawShape>(type: T, shape: Shape) {
  return z.object({ ...CHANNEL_COMMON, type: z.literal(type), ...shape }).strict();
}

/** Credentials in a URL end up in error texts and logs: the channels that need a secret take it in its own setting. */
export const httpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), "must not contain credentials (user:password@): use the channel's secret setting instead");

/** A token, key or password setting: never empty. */
export const secretValue = z.string().min(1);

/** `base` without its trailing slashes, then `path`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
