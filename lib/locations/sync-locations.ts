import type { StoreEngine } from "../db/store/store";
import { fileHubLocationName, type ProxyPulseConfig } from "../config/config-schema";
import { ConfigError } from "../config/load-config";
import type { Prisma } from "../generated/prisma/client";
import { HUB_LOCATION_ID, locationKey } from "./location-name";
import { renameLocationReferences } from "./rename-location-references";

type Tx = Prisma.TransactionClient;

export interface LocationSync {
  /** What the file's target and proxy lists are stored as: the hub's file name mapped to its row's name. */
  storedList(names: readonly string[] | undefined): string | null;
  revoked: string[];
}

/**
 * Makes the Location rows hold what proxypulse.yaml says: `location` names
 * the hub's own row (id 1; absent, the row keeps the name it has, so a
 * rename in the dashboard stands), each entry of `locations` is an agent
 * location of source "file", and a file location no longer in the file is
 * revoked: its token refused, its routes unassigned (by ensureRoutes), its
 * history kept. It becomes the dashboard's (source "api"), so that the file
 * never revokes it again once an admin gives it a new token.
 */
export async function syncLocations(tx: Tx, config: Pick<ProxyPulseConfig, "location" | "locations">, now: Date, engine: StoreEngine): Promise<LocationSync> {
  const rows = await tx.location.findMany({ select: { id: true, name: true, source: true, kind: true, revokedAt: true } });
  const hub = rows.find((row) => row.id === HUB_LOCATION_ID);
  if (!hub) throw new Error("the hub's own location (id 1) is missing: the database was not migrated by this version");
  const clash = (name: string, exceptId: number) => rows.find((row) => row.id !== exceptId && locationKey(row.name) === locationKey(name));

  if (config.location) {
    const taken = clash(config.location.name, HUB_LOCATION_ID);
    if (taken) throw new ConfigError("proxypulse.yaml", [`location.name: "${config.location.name}" is already the name of another location ("${taken.name}", id ${taken.id}); choose another name`]);
    await renameLocationReferences(tx, hub.name, config.location.name, engine);
    await tx.location.update({ where: { id: HUB_LOCATION_ID }, data: { name: config.location.name, region: config.location.region ?? null, source: "file" } });
  } else if (hub.source === "file") {
    // The file no longer names the hub: the dashboard may rename it from now on.
    await tx.location.update({ where: { id: HUB_LOCATION_ID }, data: { source: "builtin" } });
  }
  const hubName = config.location?.name ?? hub.name;

  const inFile = new Set<number>();
  for (const location of config.locations) {
    const existing = clash(location.name, -1);
    if (existing?.id === HUB_LOCATION_ID) {
      throw new ConfigError("proxypulse.yaml", [`locations: "${location.name}" is the hub's own location (renamed in the dashboard): give the agent's location another name, or name the hub in location.name`]);
    }
    const data = { name: location.name, region: location.region ?? null, source: "file" };
    if (existing) {
      await renameLocationReferences(tx, existing.name, location.name, engine);
      await tx.location.update({ where: { id: existing.id }, data });
      inFile.add(existing.id);
    } else {
      inFile.add((await tx.location.create({ data: { ...data, kind: "agent" }, select: { id: true } })).id);
    }
  }
  const stale = rows.filter((row) => row.kind === "agent" && row.source === "file" && !inFile.has(row.id));
  for (const row of stale) {
    await tx.location.update({ where: { id: row.id }, data: { tokenHash: null, revokedAt: row.revokedAt ?? now, online: false, source: "api" } });
  }

  const fileHub = fileHubLocationName(config);
  return {
    storedList: (names) => (names ? JSON.stringify(names.map((name) => (name === fileHub ? hubName : name))) : null),
    revoked: stale.map((row) => row.name),
  };
}
