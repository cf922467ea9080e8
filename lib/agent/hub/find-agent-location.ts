import { createHash } from "node:crypto";
import { bearerToken } from "../../auth/admin-token";
import type { Sqlite } from "../../db/sqlite";
import { AppError } from "../../http/app-error";

export interface AgentLocation {
  id: number;
  name: string;
  region: string | null;
  /** Hub clock minus agent clock, from its last heartbeat. */
  clockOffsetMs: number | null;
}

/** One message whatever was wrong (missing, unknown, revoked): it never echoes what was sent. */
export class AgentTokenInvalidError extends AppError {
  constructor() {
    super("agent_token_invalid", "The agent token is missing, unknown or revoked: make a new one for this location in the dashboard (Locations) and restart the agent with it.", 401);
  }
}

/**
 * The location an agent's bearer token belongs to, looked up by the token's
 * SHA-256 on every request (no cache: a revoked token is refused at once).
 * A private stand-in until the hub's token module (lib/locations/agent-token.ts) is merged.
 */
export function findAgentLocation(sqlite: Sqlite, authorization: string | null): AgentLocation {
  const token = bearerToken(authorization);
  if (!token) throw new AgentTokenInvalidError();
  const hash = createHash("sha256").update(token).digest("hex");
  const row = sqlite
    .prepare(`SELECT id, name, region, clockOffsetMs FROM "Location" WHERE tokenHash = ? AND revokedAt IS NULL AND kind = 'agent'`)
    .get(hash) as AgentLocation | undefined;
  if (!row) throw new AgentTokenInvalidError();
  return row;
}
