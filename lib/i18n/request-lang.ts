import { cookies, headers } from "next/headers";
import { MESSAGES, type Lang, type Messages } from "./messages";
import { LANG_COOKIE, pickLang } from "./pick-lang";

/** The language of the page being rendered, and its messages. */
export async function requestLang(): Promise<{ lang: Lang; m: Messages }> {
  const lang = pickLang((await cookies()).get(LANG_COOKIE)?.value, (await headers()).get("accept-language"));
  return { lang, m: MESSAGES[lang] };
}
