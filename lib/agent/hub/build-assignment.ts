import { createHash } from "node:crypto";
import type { ProxyPulseConfig } from "../../config/config-schema";
import type { Db } from "../../db/client";
import { routeFieldsFromRow } from "../../monitoring/route-fields-from-row";
import { formatProxySpec } from "../../routes/parse-proxy-spec";
import { CaFileError, readPem } from "../../routes/trusted-roots";
import type { SecretBox } from "../../secrets/secret-box";
import type { AgentAssignment, RuntimeRouteSpec } from "../agent-protocol";
import type { AgentLocation } from "./find-agent-location";

export interface BuiltAssignment {
  body: AgentAssignment;
  /** A hash of the body (a quoted strong ETag). */
  etag: string;
}

/**
 * What one location's agent probes: its assigned, enabled rows, each with the
 * secrets it needs (API key and proxy password opened here, from the sealed
 * copy or the hub's environment) and its CA file's contents, so the agent
 * needs nothing but the hub.
 */
export async function buildAssignment(
  db: Db,
  box: SecretBox,
  env: Record<string, string | undefined>,
  config: Pick<ProxyPulseConfig, "intervalSeconds" | "timeoutMs" | "concurrency">,
  location: AgentLocation,
): Promise<BuiltAssignment> {
  const rows = await db.route.findMany({ where: { locationId: location.id, assigned: true }, include: { proxy: true, target: true }, orderBy: { id: "asc" } });
  const routes: RuntimeRouteSpec[] = [];
  for (const row of rows) {
    const fields = routeFieldsFromRow(row, box, env, config);
    if (!fields.enabled) continue;
    let caPem: string | null = null;
    let configError: string | null = null;
    if (fields.caFile) {
      try {
        caPem = readPem(fields.caFile);
      } catch (error) {
        if (!(error instanceof CaFileError)) throw error;
        configError = error.message;
      }
    }
    const { proxy, caFile: _path, configError: _none, ...rest } = fields;
    routes.push({ ...rest, proxy: formatProxySpec(proxy, "include"), caPem, configError });
  }
  const body: AgentAssignment = { location: { id: location.id, name: location.name, region: location.region }, settings: { concurrency: config.concurrency }, routes };
  return { body, etag: `"${createHash("sha256").update(JSON.stringify(body)).digest("base64url")}"` };
}
