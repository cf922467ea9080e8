import { z } from "zod";
import { PROBE_KIND_NAMES, type ProbeKindName } from "../probe/probe-kinds";
import { InvalidProxySpecError, parseProxySpec } from "../routes/parse-proxy-spec";

const name = z
  .string()
  .trim()
  .min(1, "a name is required")
  .max(64, "a name has at most 64 characters")
  .regex(/^[^/\s][^/]*$/, "a name cannot contain '/' or start with a space");

const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://api.openai.com/v1" });

export const TargetConfig = z
  .object({
    name,
    baseUrl: httpUrl,
    apiKey: z.string().min(1, "an empty apiKey: leave it out or give a key").optional(),
    /** The name of an environment variable holding the key (set by `apiKey: ${VAR}`). */
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name").optional(),
    model: z.string().trim().min(1).default("gpt-4o-mini"),
    probe: z.enum(PROBE_KIND_NAMES as [ProbeKindName, ...ProbeKindName[]]).default("chat"),
    caFile: z.string().min(1).optional(),
    intervalSeconds: z.number().int().min(5).max(86_400).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
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
  })
  .strict();
export type ProxyConfig = z.infer<typeof ProxyConfig>;

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
    alerts: z
      .object({
        downAfterFailures: z.number().int().min(1).max(100).default(3),
        upAfterSuccesses: z.number().int().min(1).max(100).default(2),
      })
      .loose()
      .default({ downAfterFailures: 3, upAfterSuccesses: 2 }),
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
  .loose()
  .superRefine((config, ctx) => {
    for (const [list, items] of [
      ["targets", config.targets],
      ["proxies", config.proxies],
    ] as const) {
      const seen = new Map<string, number>();
      items.forEach((item, index) => {
        const key = item.name.toLowerCase();
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
