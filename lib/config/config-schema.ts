import * as z from "zod";
import { ApiBaseUrl, ApiKeyEnvName, ApiKeyValue, CaFilePath, IntervalSeconds, LatencyThresholdMs, LatencyWindow, ModelName, nameKey, PaidProbeEvery, ObjectName, ProbeKindField, ProviderField, ProxySpecText, TimeoutMs } from "./field-schemas";
import { defaultProbeKind, probeKindProblem, providerInfo } from "../providers/registry";
import { paidProbeEveryProblem } from "../providers/probe-cost";
import { MAX_ROUTE_PATTERN_LENGTH, MAX_ROUTE_PATTERN_WILDCARDS } from "../maintenance/glob-match";
import { Repeat } from "../maintenance/recurrence";
import { StatusPageOptions } from "../settings/status-page-options";
import { NotificationConfig } from "../notifications/channel-registry";
import { DEFAULT_HUB_LOCATION_NAME, LocationName, LocationNameList, LocationRegion, locationKey, unknownLocationProblem } from "../locations/location-name";

const name = ObjectName;


export const TargetConfig = z
  .object({
    name,
    baseUrl: ApiBaseUrl,
    apiKey: ApiKeyValue.optional(),
    /** The name of an environment variable holding the key (set by `apiKey: ${VAR}`). */
    apiKeyEnv: ApiKeyEnvName.optional(),
    /** openai (and every OpenAI-compatible server) unless said otherwise: targets written before providers existed. */
    provider: ProviderField.default("openai"),
    /** Absent: the provider's cheap default model. */
    model: ModelName.optional(),
    /** Absent: the provider's default kind (chat for openai, messages for anthropic). */
    probe: ProbeKindField.optional(),
    caFile: CaFilePath.optional(),
    intervalSeconds: IntervalSeconds.optional(),
    timeoutMs: TimeoutMs.optional(),
    /** Show the API's host on the public status page (hidden by default). */
    publicHost: z.boolean().default(false),
    /** false: every route to this target is paused (the dashboard cannot resume it). */
    enabled: z.boolean().optional(),
    /** A route is degraded when the p95 of its last `latencyWindow` successful probes exceeds this. */
    latencyThresholdMs: LatencyThresholdMs.optional(),
    latencyWindow: LatencyWindow.optional(),
    /** Scheduled rounds use the free kind, except every Nth (and the first) which uses `probe`: see README "Probe cost". */
    paidProbeEvery: PaidProbeEvery.default(1),
    /** true: never probed on schedule, only by "probe now" and the CLI. */
    manualOnly: z.boolean({ error: "manualOnly must be true or false" }).default(false),
    /** Where its routes are probed from (names of `location` and `locations`); absent: every location. */
    locations: LocationNameList.optional(),
  })
  .strict()
  .superRefine((target, ctx) => {
    const problem = target.probe === undefined ? null : probeKindProblem(target.provider, target.probe);
    if (problem) ctx.addIssue({ code: "custom", path: ["probe"], message: problem });
    const costProblem = paidProbeEveryProblem(target.provider, target.probe ?? defaultProbeKind(target.provider), target.paidProbeEvery);
    if (!problem && costProblem) ctx.addIssue({ code: "custom", path: ["paidProbeEvery"], message: costProblem });
  })
  .transform((target) => ({
    ...target,
    model: target.model ?? providerInfo(target.provider).defaults.model,
    probe: target.probe ?? defaultProbeKind(target.provider),
  }));
export type TargetConfig = z.infer<typeof TargetConfig>;

export const ProxyConfig = z
  .object({
    name,
    url: ProxySpecText,
    /** Show host:port (never credentials) on the public status page. */
    publicHost: z.boolean().default(false),
    /** false: every route through this proxy is paused (the dashboard cannot resume it). */
    enabled: z.boolean().optional(),
    /** Where routes through it are probed from; absent: every location. */
    locations: LocationNameList.optional(),
  })
  .strict();
export type ProxyConfig = z.infer<typeof ProxyConfig>;

/** A location: the hub's own (`location`) or a probe agent's (an entry of `locations`). */
export const LocationConfig = z
  .object({ name: LocationName, region: LocationRegion.optional() }, {
    error: (issue) => (issue.code === "invalid_type" ? "a location is { name, region? }, e.g. { name: hk-vps, region: Hong Kong }" : undefined),
  })
  .strict();
export type LocationConfig = z.infer<typeof LocationConfig>;

/** When a route counts as down or up again, and when to say so. */
export const AlertRules = z
  .object({
    downAfterFailures: z.number().int().min(1).max(100).default(3),
    upAfterSuccesses: z.number().int().min(1).max(100).default(2),
    /** At most one message per route per window; flaps in between are summarised. */
    cooldownMinutes: z.number().min(0).max(1440).default(30),
    /** Warn when remaining requests or tokens fall below this share of the limit. */
    quotaWarnPercent: z.number().min(0).max(100).default(10),
    /** Announce a route as degraded only once it has been so this long (a blip pages nobody). */
    degradedAfterMinutes: z.number().min(0).max(1440).default(5),
  })
  .strict();
export type AlertRules = z.infer<typeof AlertRules>;
export const DEFAULT_ALERT_RULES: AlertRules = AlertRules.parse({});

/** One entry of `notifications:`: the union of the channel types' own schemas (lib/notifications/channels). */
export { NotificationConfig, type NotificationType } from "../notifications/channel-registry";

/** Bounded so that matching stays cheap (it runs on every public status request). */
const RoutePattern = z
  .string()
  .min(1)
  .max(MAX_ROUTE_PATTERN_LENGTH, `a route pattern has at most ${MAX_ROUTE_PATTERN_LENGTH} characters`)
  .refine((pattern) => pattern.split("*").length - 1 <= MAX_ROUTE_PATTERN_WILDCARDS, `a route pattern has at most ${MAX_ROUTE_PATTERN_WILDCARDS} '*' wildcards`);

const IsoTime = z.iso.datetime({ offset: true });

/**
 * No alerts for the matching routes ("proxy/target", * as wildcard) between
 * from and to, or during each occurrence of `repeat`. Each missing or wrong
 * field gets its own message (the dashboard shows it next to that field).
 */
export const MaintenanceWindow = z
  .object({
    routes: z.array(RoutePattern).min(1, "name at least one route pattern").max(100),
    from: z.string({ message: "from must be a time as text, e.g. 2026-12-01T02:00:00Z" }).optional(),
    to: z.string({ message: "to must be a time as text, e.g. 2026-12-01T03:00:00Z" }).optional(),
    repeat: Repeat.optional(),
    note: z.string().max(200).optional(),
  })
  .strict()
  .superRefine((window, ctx) => {
    if (window.repeat) {
      for (const field of ["from", "to"] as const) {
        if (window[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: `a recurring window (repeat) takes no ${field}: its times are in repeat` });
      }
      return;
    }
    const checks = [
      ["from", "Start is required", "from must be an ISO 8601 time, e.g. 2026-12-01T02:00:00Z"],
      ["to", "End is required", "to must be an ISO 8601 time, e.g. 2026-12-01T03:00:00Z"],
    ] as const;
    let valid = true;
    for (const [field, required, format] of checks) {
      const value = window[field];
      if (value === undefined || value.trim() === "") ctx.addIssue({ code: "custom", path: [field], message: required });
      else if (!IsoTime.safeParse(value).success) ctx.addIssue({ code: "custom", path: [field], message: format });
      else continue;
      valid = false;
    }
    if (valid && Date.parse(window.from!) >= Date.parse(window.to!)) ctx.addIssue({ code: "custom", path: ["to"], message: "End must be after start" });
  });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

/** lib/locations/aggregate-state.ts: a pair with fewer locations than this is down when all of them say so. */
const MinLocations = z
  .number({ error: "minLocations must be a whole number of locations (1 or more), e.g. 2" })
  .int("minLocations must be a whole number of locations (1 or more), e.g. 2")
  .min(1, "minLocations must be at least 1 (a route is down when this many of its locations say so)")
  .max(1000, "minLocations is at most 1000");

export const ProxyPulseConfig = z
  .object({
    intervalSeconds: IntervalSeconds.default(60),
    timeoutMs: TimeoutMs.default(15_000),
    /** Probes in flight at once, over all routes. */
    concurrency: z.number().int().min(1).max(1000).default(20),
    /** "Probe now" at most this often per route (and for all routes): probes cost quota. */
    probeNowCooldownSeconds: z.number().int().min(0).max(3600).default(10),
    retention: z
      .object({
        rawDays: z.number().min(0.01).max(3650).default(7),
        /**
         * Minute rollups feed the 1h and 24h views; at a 60 s interval they hold
         * as many rows as the raw results, so they are kept only briefly. Hour
         * rollups (7d, 30d, 90d views) keep rollupDays.
         */
        minuteRollupDays: z.number().min(1.1).max(3650).default(2),
        rollupDays: z.number().min(1).max(3650).default(400),
      })
      .strict()
      .default({ rawDays: 7, minuteRollupDays: 2, rollupDays: 400 }),
    /** Absent: the rules are the defaults, editable in the dashboard; present: the file's, read-only there. */
    alerts: AlertRules.optional(),
    /** Where links in messages point (the dashboard's address as people reach it). */
    publicUrl: z.url({ message: "publicUrl must be the dashboard's URL, e.g. https://proxypulse.example.com" }).optional(),
    notifications: z.array(NotificationConfig).default([]),
    // Each window is checked against every route at each alert and status page rendering.
    maintenance: z.array(MaintenanceWindow).max(200, "at most 200 maintenance windows").default([]),
    /** Title, logo, description and a link back for the public status page; when set, read-only in the dashboard. */
    statusPage: StatusPageOptions.optional(),
    bestRoute: z
      .object({
        /** A route is a candidate only when at least this share of its probes in the last hour succeeded. */
        minSuccessRate: z.number().min(0).max(1).default(0.95),
      })
      .strict()
      .default({ minSuccessRate: 0.95 }),
    /** The hub's own location (id 1); absent: its name stays as it is (`local` until renamed in the dashboard). */
    location: LocationConfig.optional(),
    /** Probe agents' locations; their tokens are made in the dashboard or the API, never written here. */
    locations: z
      .array(LocationConfig, { error: (issue) => (issue.code === "invalid_type" ? "locations is a list of { name, region? }, e.g. [{ name: hk-vps, region: Hong Kong }]" : undefined) })
      .max(1000, "at most 1000 locations")
      .default([]),
    targets: z.array(TargetConfig).default([]),
    proxies: z.array(ProxyConfig).default([]),
    /** A pair probed from several locations is down when at least this many say so (absent: a majority of its locations). */
    minLocations: MinLocations.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const [list, items] of [
      ["targets", config.targets],
      ["proxies", config.proxies],
      ["notifications", config.notifications],
    ] as const) {
      const seen = new Map<string, number>();
      items.forEach((item, index) => {
        const key = nameKey(item.name);
        if (seen.has(key)) {
          ctx.addIssue({ code: "custom", path: [list, index, "name"], message: `duplicate name "${item.name}" (also ${list}[${seen.get(key)}])` });
        }
        seen.set(key, index);
      });
    }
    checkLocations(config, ctx);
    config.targets.forEach((target, index) => {
      if (target.apiKey && target.apiKeyEnv) {
        ctx.addIssue({ code: "custom", path: ["targets", index, "apiKeyEnv"], message: "give apiKey or apiKeyEnv, not both" });
      }
    });
  });
export type ProxyPulseConfig = z.infer<typeof ProxyPulseConfig>;

/** The hub's location name as the file knows it (what its targets' and proxies' lists call the hub). */
export function fileHubLocationName(config: Pick<ProxyPulseConfig, "location">): string {
  return config.location?.name ?? DEFAULT_HUB_LOCATION_NAME;
}

/** Location names unique (the hub's among them), and every name a target or proxy lists one of them. */
function checkLocations(
  config: Pick<ProxyPulseConfig, "location" | "locations" | "targets" | "proxies">,
  ctx: z.core.$RefinementCtx,
): void {
  const hub = fileHubLocationName(config);
  const seen = new Map<string, number>();
  config.locations.forEach((location, index) => {
    const key = locationKey(location.name);
    if (key === locationKey(hub)) {
      const where = config.location ? "location.name" : "the default name of the hub's own location";
      ctx.addIssue({ code: "custom", path: ["locations", index, "name"], message: `"${location.name}" is the hub's own location (${where}): an agent's location needs another name` });
    } else if (seen.has(key)) {
      ctx.addIssue({ code: "custom", path: ["locations", index, "name"], message: `duplicate location name "${location.name}" (also locations[${seen.get(key)}])` });
    }
    seen.set(key, index);
  });
  const known = [hub, ...config.locations.map((location) => location.name)];
  for (const [list, items] of [
    ["targets", config.targets],
    ["proxies", config.proxies],
  ] as const) {
    items.forEach((item, index) => {
      const problem = item.locations ? unknownLocationProblem(item.locations, known) : null;
      if (problem) ctx.addIssue({ code: "custom", path: [list, index, "locations", problem.index], message: problem.message });
    });
  }
}
