import type { ProxyPulseConfig } from "../config/config-schema";
import type { Db } from "../db/client";
import type { SecretBox } from "../secrets/secret-box";
import { routeFieldsFromRow } from "./route-fields-from-row";
import { RuntimeRouteSet, type RuntimeRoute } from "./runtime-route";

export type { RuntimeRoute } from "./runtime-route";

/**
 * The routes to probe, loaded from the database with their secrets opened.
 * Keeps one dispatcher per route, created once, and closes it when the route
 * goes away or its proxy or CA changes (RuntimeRouteSet, shared with the
 * probe agent's assignment).
 */
export class RouteCatalog {
  private readonly routes = new RuntimeRouteSet();

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly env: Record<string, string | undefined>,
  ) {}

  list(): RuntimeRoute[] {
    return this.routes.list();
  }

  get(id: number): RuntimeRoute | undefined {
    return this.routes.get(id);
  }

  async reload(config: Pick<ProxyPulseConfig, "intervalSeconds" | "timeoutMs">): Promise<RuntimeRoute[]> {
    const rows = await this.db.route.findMany({ include: { proxy: true, target: true }, orderBy: { id: "asc" } });
    return this.routes.replace(rows.map((row) => routeFieldsFromRow(row, this.box, this.env, config)));
  }

  async close(): Promise<void> {
    await this.routes.close();
  }
}
