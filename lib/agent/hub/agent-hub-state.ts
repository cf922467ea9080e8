import { TokenBucketLimiter } from "../../http/token-bucket";

/** Batches (and heartbeats) per second and location on average, and the burst allowed above it. */
export const AGENT_REQUESTS_PER_SECOND = 20;
export const AGENT_REQUEST_BURST = 40;
/** Assignment requests one location may have held open at once (an agent needs one). */
export const MAX_WAITING_PER_LOCATION = 4;

interface AgentHubState {
  limiter: TokenBucketLimiter;
  waiting: Map<number, number>;
}

// On globalThis: Next bundles each route handler separately, and they must
// share one limiter and one count of waiting requests per process.
const holder = globalThis as unknown as { proxypulseAgentHub?: AgentHubState };

export function agentHubState(): AgentHubState {
  holder.proxypulseAgentHub ??= { limiter: new TokenBucketLimiter(AGENT_REQUESTS_PER_SECOND, AGENT_REQUEST_BURST), waiting: new Map() };
  return holder.proxypulseAgentHub;
}

/** Counts one request against the location's token bucket (429 with retry-after over it). */
export function takeAgentRequest(locationId: number): void {
  agentHubState().limiter.take(`location:${locationId}`, (wait) => `This location's agent sends too many requests; retry in ${wait} s.`);
}
