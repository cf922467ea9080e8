import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./cli-error";

/** util.parseArgs, with its errors turned into usage errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    throw new UsageError(error instanceof Error ? error.message.replace(/^TypeError \[\w+\]: /, "") : String(error), PARSE_ERROR_CODES[String(code)] ?? "bad_usage");
  }
}

/** node:util's parse errors, as codes a script can branch on. */
const PARSE_ERROR_CODES: Record<string, string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: "unknown_option",
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: "unexpected_argument",
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: "invalid_option_value",
};

/** `--help` or `-h` anywhere: the command prints its usage instead of running (even beside a bad option). */
export function wantsHelp(argv: string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

export function parseIntegerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

export type { Lang } from "../lib/i18n/messages";
import type { Lang } from "../lib/i18n/messages";

/** --lang wins; otherwise LANG/LC_ALL starting with zh picks Chinese. */
export function pickLang(value: string | undefined, localeEnv: string | undefined): Lang {
  if (value !== undefined) {
    if (value !== "en" && value !== "zh") throw new UsageError(`--lang must be en or zh, got "${value}"`);
    return value;
  }
  return localeEnv?.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export const DEFAULT_BASE_URL = "https://api.openai.com/v1";
