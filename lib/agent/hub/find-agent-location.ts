import { bearerToken } from "../../auth/admin-token";
import type { Sqlite } from "../../db/sqlite";
import { AppError } from "../../http/app-error";
import { findLocationByToken, type TokenLocation } from "../../locations/agent-token";

export type AgentLocation = TokenLocation;

/** One message whatever was wrong (missing, unknown, revoked): it never echoes what was sent. */
export class AgentTokenInvalidError extends AppError {
  constructor() {
    super("agent_token_invalid", "The agent token is missing, unknown or revoked: make a new one for this location in the dashboard (Locations) and restart the agent with it.", 401);
  }
}

/** The location an agent's bearer token belongs to, looked up on every request (no cache: a revoked token is refused at once). */
export function findAgentLocation(sqlite: Sqlite, authorization: string | null): AgentLocation {
  const token = bearerToken(authorization);
  const location = token ? findLocationByToken(sqlite, token) : null;
  if (!location) throw new AgentTokenInvalidError();
  return location;
}
