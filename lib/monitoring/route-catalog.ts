import type { ProxyPulseConfig } from "../config/config-schema";
import type { Db } from "../db/client";
import type { SecretBox } from "../secrets/secret-box";
import { HUB_LOCATION_ID } from "../locations/location-name";
import { routeFieldsFromRow } from "./route-fields-from-row";
import { RuntimeRouteSet, type RuntimeRoute } from "./runtime-route";

export type { RuntimeRoute } from "./runtime-route";

/**
 * The hub's own routes, loaded from the database with their secrets opened:
 * only the rows at the hub's location (id 1). Rows at other locations are
 * their agents' to probe; the hub never holds them, so nothing here (the
 * scheduler, "probe now") can probe one from the wrong place.
 * Keeps one dispatcher per route, created once, and closes it when the route
 * goes away or its proxy or CA changes (RuntimeRouteSet, shared with the
 * probe agent's assignment).
 */
export class RouteCatalog {
  private readonly routes = new RuntimeRouteSet();
  /** The hub rows its location probes now (the pair's locations include the hub). */
  private assigned = new Set<number>();

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly env: Record<string, string | undefined>,
  ) {}

  /** What the hub's scheduler probes: its assigned rows. */
  list(): RuntimeRoute[] {
    return this.routes.list().filter((route) => this.assigned.has(route.id));
  }

  /**
   * Any row at the hub's location, assigned or not: a pair's id is its hub
   * row's, and "probe now" of a pair probes from the hub even when the
   * pair is placed elsewhere (an admin asked for it). Undefined for rows at
   * other locations.
   */
  get(id: number): RuntimeRoute | undefined {
    return this.routes.get(id);
  }

  async reload(config: Pick<ProxyPulseConfig, "intervalSeconds" | "timeoutMs">): Promise<RuntimeRoute[]> {
    const rows = await this.db.route.findMany({ where: { locationId: HUB_LOCATION_ID }, include: { proxy: true, target: true }, orderBy: { id: "asc" } });
    this.assigned = new Set(rows.filter((row) => row.assigned).map((row) => row.id));
    this.routes.replace(rows.map((row) => routeFieldsFromRow(row, this.box, this.env, config)));
    return this.list();
  }

  async close(): Promise<void> {
    await this.routes.close();
    this.assigned.clear();
  }
}
