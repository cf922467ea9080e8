import type { ReactNode } from "react";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { DemoBanner } from "./demo-banner";
import { TopBar, type Section } from "./top-bar";

/** Every dashboard page: the top bar, the demo banner when it applies, and the page's main content. */
export function DashboardShell({ m, lang, current, path, children }: { m: Messages; lang: Lang; current: Section; path: string; children: ReactNode }) {
  return (
    <>
      <TopBar m={m} lang={lang} current={current} path={path} />
      <DemoBanner m={m} />
      <main>{children}</main>
    </>
  );
}
