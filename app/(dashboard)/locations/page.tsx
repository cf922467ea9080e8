import type { Metadata } from "next";
import { DashboardShell } from "@/components/layout/dashboard-shell";
import { LocationManager } from "@/components/locations/location-manager";
import { openDashboardPage } from "@/lib/auth/page-session";
import { listLocations } from "@/lib/locations/list-locations";

export const metadata: Metadata = { title: "Locations" };
export const dynamic = "force-dynamic";

export default async function LocationsPage() {
  const { m, lang, service } = await openDashboardPage("/locations");
  const locations = await listLocations(service.db);
  return (
    <DashboardShell m={m} lang={lang} current="locations" path="/locations">
      <h1>{m.locations.title}</h1>
      <p className="muted small">{m.locations.intro}</p>
      <LocationManager locations={locations} publicUrl={service.config.publicUrl ?? null} labels={m.locations} />
    </DashboardShell>
  );
}
