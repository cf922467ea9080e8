import { bearerToken } from "../../auth/admin-token";
import type { Db } from "../../db/client";
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
export async function findAgentLocation(prisma: Db, authorization: string | null): Promise<AgentLocation> {
  const token = bearerToken(authorization);
  const location = token ? await findLocationByToken(prisma, token) : null;
  if (!location) throw new AgentTokenInvalidError();
  return location;
}

/**
 * An agent's request body, read after its token was checked, and the token
 * checked again once the body is in: a body may take minutes to arrive (the
 * server waits that long), and a location revoked or given a new token
 * meanwhile must not then be marked online nor have anything stored.
 */
export async function readAgentBody<T>(prisma: Db, request: Request, read: (request: Request) => Promise<T>): Promise<{ location: AgentLocation; body: T }> {
  const body = await read(request);
  return { location: await findAgentLocation(prisma, request.headers.get("authorization")), body };
}
