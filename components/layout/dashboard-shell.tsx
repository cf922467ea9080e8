import type { ReactNode } from "react";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { DemoBanner } from "./demo-banner";
import { StorageBanner } from "./storage-banner";
import { TopBar, type Section } from "./top-bar";

/** Every dashboard page: the top bar, the demo and storage banners when they apply, and the page's main content. */
export function DashboardShell({ m, lang, current, path, children }: { m: Messages; lang: Lang; current: Section; path: string; children: ReactNode }) {
  return (
    <>
      <TopBar m={m} lang={lang} current={current} path={path} />
      <DemoBanner m={m} />
      <StorageBanner m={m} />
      <main>{children}</main>
    </>
  );
}
