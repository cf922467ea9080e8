import { TokenBucketLimiter } from "../../http/token-bucket";

/** Batches (and heartbeats) per second and location on average, and the burst allowed above it. */
export const AGENT_REQUESTS_PER_SECOND = 20;
export const AGENT_REQUEST_BURST = 40;
/**
 * Results per second and location a hub stores on average, and the burst
 * (ten full batches). Requests alone do not bound the work: one batch of 500
 * costs the hub's event loop ~100 ms to store, so 20 batches a second from
 * one agent kept every other request waiting ~300 ms. An agent with 1,000
 * routes probed every 10 s sends 100 a second; a day's spool of 100,000
 * drains in under two minutes.
 */
export const AGENT_RESULTS_PER_SECOND = 1000;
export const AGENT_RESULTS_BURST = 5000;
/** Assignment requests one location may have held open at once (an agent needs one). */
export const MAX_WAITING_PER_LOCATION = 4;

interface AgentHubState {
  limiter: TokenBucketLimiter;
  results: TokenBucketLimiter;
  waiting: Map<number, number>;
  /** Each location's count of results its agent lost (spool full or unwritable), as its last heartbeat said. */
  dropped: Map<number, number>;
  /** Per location and kind, when its warning was last logged and what was counted since (location-warning.ts). */
  warnings: Map<string, { at: number; count: number }>;
}

// On globalThis: Next bundles each route handler separately, and they must
// share one limiter and one count of waiting requests per process.
const holder = globalThis as unknown as { proxypulseAgentHub?: AgentHubState };

export function agentHubState(): AgentHubState {
  holder.proxypulseAgentHub ??= {
    limiter: new TokenBucketLimiter(AGENT_REQUESTS_PER_SECOND, AGENT_REQUEST_BURST),
    results: new TokenBucketLimiter(AGENT_RESULTS_PER_SECOND, AGENT_RESULTS_BURST),
    waiting: new Map(),
    dropped: new Map(),
    warnings: new Map(),
  };
  return holder.proxypulseAgentHub;
}

/** Counts one request against the location's token bucket (429 with retry-after over it). */
export function takeAgentRequest(locationId: number): void {
  agentHubState().limiter.take(`location:${locationId}`, (wait) => `This location's agent sends too many requests; retry in ${wait} s.`);
}

/** Counts a batch's results against the location's results bucket (429 with retry-after over it; nothing stored). */
export function takeAgentResults(locationId: number, count: number): void {
  agentHubState().results.takeMany(`location:${locationId}`, count, (wait) => `This location's agent sends more than ${AGENT_RESULTS_PER_SECOND} results a second; retry in ${wait} s.`);
}
