import { z } from "zod";
import { ApiBaseUrl, ApiKeyEnvName, ApiKeyValue, IntervalSeconds, LatencyThresholdMs, LatencyWindow, ModelName, ObjectName } from "../config/field-schemas";
import { PROBE_KIND_NAMES, type ProbeKindName } from "../probe/probe-kinds";
import { InvalidProxySpecError, parseProxySpec } from "../routes/parse-proxy-spec";
import { DEFAULT_MODEL } from "../config/default-model";

const Name = ObjectName;

/** A proxy as typed in a form or the API: refused with the parser's own message. */
export const ProxyUrl = z.string().superRefine((value, ctx) => {
  try {
    parseProxySpec(value);
  } catch (error) {
    if (!(error instanceof InvalidProxySpecError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message });
  }
});

const EnvName = ApiKeyEnvName;

export const CreateProxyInput = z.object({ name: Name, url: ProxyUrl, publicHost: z.boolean().optional() }).strict();
export type CreateProxyInput = z.infer<typeof CreateProxyInput>;

export const UpdateProxyInput = z
  .object({
    name: Name.optional(),
    /** Without a password, the stored one is kept (secrets are write-only). */
    url: ProxyUrl.optional(),
    /** Remove the stored password. */
    clearPassword: z.literal(true).optional(),
    publicHost: z.boolean().optional(),
    /** Pause (false) or resume (true) every route through the proxy; allowed on the file's proxies too. */
    enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateProxyInput = z.infer<typeof UpdateProxyInput>;

const TargetFields = {
  name: Name,
  baseUrl: ApiBaseUrl,
  model: ModelName,
  probe: z.enum(PROBE_KIND_NAMES as [ProbeKindName, ...ProbeKindName[]]),
  apiKey: ApiKeyValue.nullable(),
  apiKeyEnv: EnvName.nullable(),
  caFile: z.string().trim().min(1).nullable(),
  intervalSeconds: IntervalSeconds.nullable(),
  timeoutMs: z.number().int().min(100).max(600_000).nullable(),
  publicHost: z.boolean(),
  /** Pause (false) or resume (true) every route to the target; allowed on the file's targets too. */
  enabled: z.boolean(),
  latencyThresholdMs: LatencyThresholdMs.nullable(),
  latencyWindow: LatencyWindow.nullable(),
};

export const CreateTargetInput = z
  .object({
    ...TargetFields,
    model: TargetFields.model.default(DEFAULT_MODEL),
    probe: TargetFields.probe.default("chat"),
    apiKey: TargetFields.apiKey.optional(),
    apiKeyEnv: TargetFields.apiKeyEnv.optional(),
    caFile: TargetFields.caFile.optional(),
    intervalSeconds: TargetFields.intervalSeconds.optional(),
    timeoutMs: TargetFields.timeoutMs.optional(),
    publicHost: TargetFields.publicHost.optional(),
    enabled: TargetFields.enabled.optional(),
    latencyThresholdMs: TargetFields.latencyThresholdMs.optional(),
    latencyWindow: TargetFields.latencyWindow.optional(),
  })
  .strict()
  .refine((input) => !(input.apiKey && input.apiKeyEnv), { message: "give apiKey or apiKeyEnv, not both", path: ["apiKeyEnv"] });
export type CreateTargetInput = z.infer<typeof CreateTargetInput>;

/** Every field optional; `apiKey: null` removes the stored key. */
export const UpdateTargetInput = z.object(TargetFields).partial().strict();
export type UpdateTargetInput = z.infer<typeof UpdateTargetInput>;

/**
 * A route's own settings: paused or not, its interval, and its latency
 * threshold and window (null: the target's). Routes are never the file's
 * (the file has targets and proxies only), so all of it is editable.
 */
export const UpdateRouteInput = z
  .object({
    enabled: z.boolean().optional(),
    intervalSeconds: IntervalSeconds.nullable().optional(),
    latencyThresholdMs: LatencyThresholdMs.nullable().optional(),
    latencyWindow: LatencyWindow.nullable().optional(),
  })
  .strict()
  .refine((input) => Object.keys(input).length > 0, { message: "give at least one of enabled, intervalSeconds, latencyThresholdMs, latencyWindow" });
export type UpdateRouteInput = z.infer<typeof UpdateRouteInput>;
