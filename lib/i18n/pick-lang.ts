import type { Lang } from "./messages";

export const LANG_COOKIE = "pp_lang";

/** The chosen language: the switcher's cookie, else the browser's Accept-Language. */
export function pickLang(cookie: string | undefined | null, acceptLanguage: string | null): Lang {
  if (cookie === "en" || cookie === "zh") return cookie;
  const preferred = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? 1);
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.tag)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of preferred) {
    if (tag.startsWith("zh")) return "zh";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}
