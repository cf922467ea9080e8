import Link from "next/link";
import { LocalTime } from "@/components/time/local-time";
import type { Lang, Messages } from "@/lib/i18n/messages";
import { locationDotClass, locationDotLabel } from "@/lib/locations/location-words";
import type { RouteListing, RouteLocation } from "@/lib/db/store/route-store";
import { formatAgo } from "@/lib/ui/format-time";
import { stateWord } from "@/lib/ui/state-word";

/** `&location=<name>` for the page's own links (range, failures), or nothing when the route has one location. */
export function locationQuery(location: RouteLocation | null): Record<string, string> {
  return location ? { location: location.name } : {};
}

/**
 * A route probed from several locations: a line per location ("hk-vps: Down
 * since …, last probe …") and the choice of whose charts, failures and
 * incidents the page shows (plain links, `?location=<name>`, so it works
 * without scripts). Nothing for a route probed from one place.
 */
export function RouteLocations({ route, selected, range, m, lang, now }: { route: RouteListing; selected: RouteLocation | null; range: string; m: Messages; lang: Lang; now: number }) {
  if (!selected || route.locations.length < 2) return null;
  const t = m.locationViews;
  return (
    <section className="panel" style={{ marginTop: "0.8rem" }} data-testid="route-locations">
      <ul className="plain small" style={{ margin: "0 0 0.6rem", paddingLeft: 0, listStyle: "none" }}>
        {route.locations.map((location) => {
          const [before = "", after = ""] = t.stateSince.replace("{state}", stateWord(m, location.state)).split("{time}");
          return (
            <li key={location.id} data-testid={`location-line-${location.name}`}>
              <span className={locationDotClass(location)} role="img" aria-label={locationDotLabel(m, location)} /> <strong>{location.name}</strong>
              {location.region ? <span className="muted"> ({location.region})</span> : null}
              {": "}
              {location.online ? null : <strong data-testid="location-offline">{`${m.locations.offline}; ${t.lastReported} `}</strong>}
              {location.stateSince ? (
                <>
                  {before}
                  <LocalTime iso={location.stateSince} />
                  {after}
                </>
              ) : (
                stateWord(m, location.state)
              )}
              {`, ${location.last ? t.lastProbe.replace("{ago}", formatAgo(location.last.at, now, lang) ?? "") : t.never}`}
            </li>
          );
        })}
      </ul>
      <nav className="range" aria-label={t.chooseLocation} data-testid="location-selector">
        {route.locations.map((location) => (
          <Link key={location.id} href={`/routes/${route.id}?${new URLSearchParams({ range, location: location.name })}`} aria-current={location.id === selected.id ? "true" : undefined}>
            {location.name}
          </Link>
        ))}
      </nav>
      <p className="muted small" style={{ marginBottom: 0 }}>
        {t.showing.replace("{name}", selected.name)}
      </p>
    </section>
  );
}
