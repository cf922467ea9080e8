export const THEME_COOKIE = "pp_theme";
export type Theme = "light" | "dark" | "system";

export function pickTheme(cookie: string | undefined): Theme {
  return cookie === "light" || cookie === "dark" ? cookie : "system";
}
