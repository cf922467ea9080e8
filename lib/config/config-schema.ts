import { z } from "zod";
import { ApiBaseUrl, ApiKeyEnvName, ApiKeyValue, IntervalSeconds, LatencyThresholdMs, LatencyWindow, ModelName, nameKey, ObjectName } from "./field-schemas";
import { MAX_ROUTE_PATTERN_LENGTH, MAX_ROUTE_PATTERN_WILDCARDS } from "../maintenance/glob-match";
import { PROBE_KIND_NAMES, type ProbeKindName } from "../probe/probe-kinds";
import { InvalidProxySpecError, parseProxySpec } from "../routes/parse-proxy-spec";
import { DEFAULT_MODEL } from "./default-model";

const name = ObjectName;


export const TargetConfig = z
  .object({
    name,
    baseUrl: ApiBaseUrl,
    apiKey: ApiKeyValue.optional(),
    /** The name of an environment variable holding the key (set by `apiKey: ${VAR}`). */
    apiKeyEnv: ApiKeyEnvName.optional(),
    model: ModelName.default(DEFAULT_MODEL),
    probe: z.enum(PROBE_KIND_NAMES as [ProbeKindName, ...ProbeKindName[]]).default("chat"),
    caFile: z.string().min(1).optional(),
    intervalSeconds: IntervalSeconds.optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    /** Show the API's host on the public status page (hidden by default). */
    publicHost: z.boolean().default(false),
    /** false: every route to this target is paused (the dashboard cannot resume it). */
    enabled: z.boolean().optional(),
    /** A route is degraded when the p95 of its last `latencyWindow` successful probes exceeds this. */
    latencyThresholdMs: LatencyThresholdMs.optional(),
    latencyWindow: LatencyWindow.optional(),
  })
  .strict();
export type TargetConfig = z.infer<typeof TargetConfig>;

export const ProxyConfig = z
  .object({
    name,
    url: z.string().superRefine((value, ctx) => {
      try {
        parseProxySpec(value);
      } catch (error) {
        if (!(error instanceof InvalidProxySpecError)) throw error;
        ctx.addIssue({ code: "custom", message: error.message });
      }
    }),
    /** Show host:port (never credentials) on the public status page. */
    publicHost: z.boolean().default(false),
    /** false: every route through this proxy is paused (the dashboard cannot resume it). */
    enabled: z.boolean().optional(),
  })
  .strict();
export type ProxyConfig = z.infer<typeof ProxyConfig>;

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

const Lang = z.enum(["en", "zh"]).default("en");
const common = { name, lang: Lang, enabled: z.boolean().default(true) };
/** Credentials in a URL end up in error texts and logs: the channels that need a secret take it in its own setting. */
const webhookUrl = z
  .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
  .refine((url) => !/^[a-z]+:\/\/[^/?#]*@/i.test(url), "must not contain credentials (user:password@): use the channel's secret setting instead");

function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** One entry of `notifications:`; the settings of each type are checked here. */
export const NotificationConfig = z.discriminatedUnion("type", [
  z.object({ ...common, type: z.literal("webhook"), url: webhookUrl, secret: z.string().min(1).optional() }).strict(),
  z.object({ ...common, type: z.literal("slack"), url: webhookUrl }).strict(),
  z.object({ ...common, type: z.literal("feishu"), url: webhookUrl, secret: z.string().min(1).optional() }).strict(),
  z.object({ ...common, type: z.literal("dingtalk"), url: webhookUrl, secret: z.string().min(1).optional() }).strict(),
  z.object({ ...common, type: z.literal("wecom"), url: webhookUrl }).strict(),
  z
    .object({ ...common, type: z.literal("telegram"), token: z.string().min(1), chatId: z.union([z.string().min(1), z.number()]).transform(String), apiBase: webhookUrl.default("https://api.telegram.org") })
    .strict(),
  z
    .object({
      ...common,
      type: z.literal("email"),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      user: z.string().optional(),
      password: z.string().optional(),
      from: z.string().min(3),
      to: z.union([z.string().min(3), z.array(z.string().min(3)).min(1)]).transform((to) => (Array.isArray(to) ? to : [to])),
      /** Send without TLS when the server offers no STARTTLS: only to a server on this machine. */
      allowPlain: z.boolean().default(false),
    })
    .strict()
    .refine((email) => !email.allowPlain || isLoopbackHost(email.host), {
      message: "allowPlain (SMTP without TLS) is only allowed to a server on this machine (localhost, 127.0.0.1, ::1)",
      path: ["allowPlain"],
    }),
]);
export type NotificationConfig = z.infer<typeof NotificationConfig>;
export type NotificationType = NotificationConfig["type"];

/** Bounded so that matching stays cheap (it runs on every public status request). */
const RoutePattern = z
  .string()
  .min(1)
  .max(MAX_ROUTE_PATTERN_LENGTH, `a route pattern has at most ${MAX_ROUTE_PATTERN_LENGTH} characters`)
  .refine((pattern) => pattern.split("*").length - 1 <= MAX_ROUTE_PATTERN_WILDCARDS, `a route pattern has at most ${MAX_ROUTE_PATTERN_WILDCARDS} '*' wildcards`);

/** No alerts for the matching routes ("proxy/target", * as wildcard) between from and to. */
export const MaintenanceWindow = z
  .object({
    routes: z.array(RoutePattern).min(1).max(100),
    from: z.iso.datetime({ offset: true, message: "from must be an ISO 8601 time, e.g. 2026-12-01T02:00:00Z" }),
    to: z.iso.datetime({ offset: true, message: "to must be an ISO 8601 time, e.g. 2026-12-01T03:00:00Z" }),
    note: z.string().max(200).optional(),
  })
  .strict()
  .refine((window) => Date.parse(window.from) < Date.parse(window.to), { message: "from must be before to", path: ["to"] });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const ProxyPulseConfig = z
  .object({
    intervalSeconds: z.number().int().min(5).max(86_400).default(60),
    timeoutMs: z.number().int().min(100).max(600_000).default(15_000),
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
    maintenance: z.array(MaintenanceWindow).default([]),
    bestRoute: z
      .object({
        /** A route is a candidate only when at least this share of its probes in the last hour succeeded. */
        minSuccessRate: z.number().min(0).max(1).default(0.95),
      })
      .strict()
      .default({ minSuccessRate: 0.95 }),
    targets: z.array(TargetConfig).default([]),
    proxies: z.array(ProxyConfig).default([]),
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
    config.targets.forEach((target, index) => {
      if (target.apiKey && target.apiKeyEnv) {
        ctx.addIssue({ code: "custom", path: ["targets", index, "apiKeyEnv"], message: "give apiKey or apiKeyEnv, not both" });
      }
    });
  });
export type ProxyPulseConfig = z.infer<typeof ProxyPulseConfig>;
