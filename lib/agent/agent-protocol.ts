import * as z from "zod";
import { OUTCOME_KIND_NAMES, type OutcomeKind } from "../classify/kinds";
import { PROBE_KIND_NAMES, type ProbeKindName } from "../providers/registry";

/**
 * What the hub and a probe agent say to each other (app/api/agent/*), as zod
 * schemas both sides parse with: the hub every input, the agent every answer.
 */

/** The most results one batch carries, and the most bytes its body may take. */
export const MAX_RESULTS_PER_BATCH = 500;
export const MAX_BATCH_BYTES = 1024 * 1024;
/** The longest an assignment request may be held (seconds). */
export const MAX_ASSIGNMENT_WAIT_S = 60;

/** One route as an agent needs it to probe: everything resolved on the hub, secrets included. */
export const RuntimeRouteSpec = z.object({
  id: z.number().int().positive(),
  targetId: z.number().int().positive(),
  proxyName: z.string(),
  targetName: z.string(),
  enabled: z.boolean(),
  intervalMs: z.number().int().positive(),
  timeoutMs: z.number().int().positive(),
  baseUrl: z.string(),
  model: z.string(),
  provider: z.string(),
  probe: z.string(),
  /** The proxy as a URL with its password (direct, env, http://user:pass@host:port…). */
  proxy: z.string(),
  apiKey: z.string().nullable(),
  apiKeySource: z.string(),
  /** The target's CA file's contents (PEM), read on the hub. */
  caPem: z.string().nullable(),
  manualOnly: z.boolean(),
  paidProbeEvery: z.number().int().positive(),
  configError: z.string().nullable(),
});
export type RuntimeRouteSpec = z.infer<typeof RuntimeRouteSpec>;

export const AgentAssignment = z.object({
  location: z.object({ id: z.number().int(), name: z.string(), region: z.string().nullable() }),
  settings: z.object({ concurrency: z.number().int().positive() }),
  routes: z.array(RuntimeRouteSpec),
});
export type AgentAssignment = z.infer<typeof AgentAssignment>;

const LAYERS = ["proxy", "network", "tls", "api", "quota"] as const;
const ms = z.number().finite().min(0).max(24 * 3600_000).nullable();
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable();
/**
 * Tokens one probe can have used (they add up into the target's tokens per
 * day, for every location): far above any context window, far below what
 * would make those totals meaningless.
 */
export const MAX_PROBE_TOKENS = 10_000_000;
const tokens = z.number().int().min(0).max(MAX_PROBE_TOKENS, `at most ${MAX_PROBE_TOKENS} tokens a probe`).nullable();
const text = (max: number) => z.string().max(max);
/**
 * A reset or retry-after: a year at most. The hub turns it into a date (when
 * the budget resets) on the quota panel every location shares; a larger one
 * is no real quota's and no date can hold some (an agent's fitter sends
 * such a figure as unknown).
 */
export const MAX_QUOTA_RESET_MS = 366 * 24 * 3600_000;
const resetMs = z.number().int().min(0).max(MAX_QUOTA_RESET_MS, `a quota reset is at most ${MAX_QUOTA_RESET_MS} ms (a year)`).nullable();

/** A ProbeResult as an agent sends it: known kinds and layers, bounded strings and numbers. */
export const AgentProbeResult = z.object({
  ok: z.boolean(),
  kind: z.enum(OUTCOME_KIND_NAMES as [OutcomeKind, ...OutcomeKind[]], { message: `kind must be one of ${OUTCOME_KIND_NAMES.join(", ")}` }),
  layer: z.enum(LAYERS).nullable(),
  httpStatus: z.number().int().min(100).max(599).nullable(),
  apiErrorCode: text(200).nullable(),
  apiErrorType: text(200).nullable(),
  message: text(2000),
  hint: z.object({ en: text(2000), zh: text(2000) }),
  requestId: text(200).nullable(),
  processingMs: ms,
  timings: z.object({ dnsMs: ms, connectMs: ms, tunnelMs: ms, tlsMs: ms, ttfbMs: ms, totalMs: ms }),
  quota: z.object({
    limitRequests: count,
    remainingRequests: count,
    resetRequestsMs: resetMs,
    limitTokens: count,
    remainingTokens: count,
    resetTokensMs: resetMs,
    retryAfterMs: resetMs,
  }),
  usage: z.object({ promptTokens: tokens, completionTokens: tokens, totalTokens: tokens }).nullable(),
  probe: z.enum(PROBE_KIND_NAMES as [ProbeKindName, ...ProbeKindName[]]),
  route: text(500),
  startedAt: z.iso.datetime({ message: "startedAt must be an ISO 8601 time (UTC)" }),
  exit: z.object({ ip: text(100), country: text(100).nullable(), colo: text(100).nullable() }).nullable().optional(),
  errorChain: z.array(text(1000)).max(20).optional(),
  midStream: z.boolean(),
  stream: z
    .object({ ttftMs: ms, streamMs: ms, chunks: z.number().int().min(0).max(10_000_000), maxGapMs: ms, outputTokens: tokens, tokensPerSecond: z.number().finite().min(0).max(10_000_000).nullable() })
    .nullable(),
});

export const AgentResultsInput = z.object({
  /** The spool file's random id: a new file is a new stream. */
  streamId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "streamId must be 8 to 64 letters, digits, - or _"),
  results: z
    .array(z.object({ seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), routeId: z.number().int().positive(), result: AgentProbeResult }))
    .max(MAX_RESULTS_PER_BATCH, `at most ${MAX_RESULTS_PER_BATCH} results per batch`),
});
export type AgentResultsInput = z.infer<typeof AgentResultsInput>;

export const AgentResultsAnswer = z.object({ stored: z.number().int(), duplicates: z.number().int(), lastSeq: z.number().int(), outOfTime: z.number().int().optional() });

export const AgentHeartbeatInput = z.object({
  // Shown on the Locations page and in the API: printable ASCII only (no line breaks, bidi overrides or other invisible characters).
  version: text(100).regex(/^[\x20-\x7E]*$/, "version must be printable ASCII"),
  sentAt: z.iso.datetime({ message: "sentAt must be an ISO 8601 time (UTC)" }),
  spooled: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  dropped: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type AgentHeartbeatInput = z.infer<typeof AgentHeartbeatInput>;

export const AgentHeartbeatAnswer = z.object({ serverTime: z.iso.datetime() });
