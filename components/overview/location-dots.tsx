import type { Messages } from "@/lib/i18n/messages";
import { locationDotClass, locationDotLabel } from "@/lib/locations/location-words";
import type { RouteLocation } from "@/lib/db/store/route-store";

/**
 * The route × location matrix of the overview, inside its State column so
 * that a row gains one element plus a dot per location (the page is
 * measured at 10,000 routes): the header names the locations, each row puts
 * its dots in the same grid, one per column.
 */
export function LocationColumns({ columns, m }: { columns: ReadonlyArray<{ name: string }>; m: Messages }) {
  return (
    <span className="loc-grid loc-names" style={{ ["--n" as string]: columns.length }} aria-label={m.locationViews.locations} data-testid="location-columns">
      {columns.map((column) => (
        <span key={column.name} title={column.name}>
          {column.name}
        </span>
      ))}
    </span>
  );
}

/** A row's dots, in the header's columns; a location that does not probe this route leaves its cell empty. */
export function LocationDots({ columns, locations, m }: { columns: ReadonlyArray<{ name: string }>; locations: RouteLocation[]; m: Messages }) {
  const byName = new Map(locations.map((location) => [location.name, location]));
  return (
    <span className="loc-grid" style={{ ["--n" as string]: columns.length }} data-testid="location-dots">
      {columns.map((column) => {
        const location = byName.get(column.name);
        if (!location) return <span key={column.name} />;
        const label = locationDotLabel(m, location);
        return <span key={column.name} className={locationDotClass(location)} role="img" aria-label={label} title={label} />;
      })}
    </span>
  );
}
