import Link from "next/link";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { TimeZoneSwitch } from "@/components/time/time-zone-switch";

export type Section = "overview" | "proxies" | "targets" | "locations" | "alerts" | "routes";

/** The dashboard's header: navigation, language and theme (plain links), log out. */
export function TopBar({ m, lang, current, path }: { m: Messages; lang: Lang; current: Section; path: string }) {
  const back = encodeURIComponent(path);
  const links: Array<[Section, string, string]> = [
    ["overview", "/", m.nav.overview],
    ["proxies", "/proxies", m.nav.proxies],
    ["targets", "/targets", m.nav.targets],
    ["locations", "/locations", m.locations.nav],
    ["alerts", "/alerts", m.nav.alerts],
  ];
  return (
    <header className="topbar">
      {/* Not prefetched: every page's load was followed by six requests for these dynamic pages' route trees, which cannot hold their data anyway. */}
      <Link className="brand" href="/" prefetch={false}>
        {m.appName}
      </Link>
      <nav aria-label={m.nav.main}>
        {links.map(([section, href, label]) => (
          <Link key={section} href={href} prefetch={false} aria-current={current === section ? "page" : undefined}>
            {label}
          </Link>
        ))}
        {/* A plain link: /status is a route handler's HTML, not a Next page to prefetch. */}
        <a href="/status">{m.nav.status}</a>
      </nav>
      <span className="spacer" />
      <div className="prefs">
        <a href={`/api/preferences?lang=${lang === "zh" ? "en" : "zh"}&back=${back}`} lang={lang === "zh" ? "en" : "zh"} data-testid="language-switch">
          {m.nav.language}
        </a>
        <span className="muted" aria-hidden="true">
          ·
        </span>
        <span>
          {m.nav.theme}:{" "}
          {(["system", "light", "dark"] as const).map((theme, i) => (
            <span key={theme}>
              {i > 0 ? " / " : ""}
              <a href={`/api/preferences?theme=${theme}&back=${back}`}>{m.nav.themes[theme]}</a>
            </span>
          ))}
        </span>
        <span className="muted" aria-hidden="true">
          ·
        </span>
        <TimeZoneSwitch labels={m.chartsTimes} back={back} />
        <form method="post" action="/api/session/logout">
          <button className="link-button" type="submit">
            {m.nav.logout}
          </button>
        </form>
      </div>
    </header>
  );
}
