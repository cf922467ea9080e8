import * as z from "zod";
import { ApiBaseUrl, ApiKeyEnvName, ApiKeyValue, CaFilePath, IntervalSeconds, LatencyThresholdMs, LatencyWindow, ModelName, ObjectName, PaidProbeEvery, ProbeKindField, ProviderField, ProxySpecText, TimeoutMs } from "../config/field-schemas";
import { defaultProbeKind, probeKindProblem, providerInfo } from "../providers/registry";
import { paidProbeEveryProblem } from "../providers/probe-cost";
import { LocationListField } from "../locations/location-schemas";

const Name = ObjectName;

/** A proxy as typed in a form or the API (one schema with proxypulse.yaml). */
export const ProxyUrl = ProxySpecText;

const EnvName = ApiKeyEnvName;

export const CreateProxyInput = z.object({ name: Name, url: ProxyUrl, publicHost: z.boolean().optional(), locations: LocationListField.optional() }).strict();
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
    /** Where routes through it are probed from (null: every location). */
    locations: LocationListField.optional(),
  })
  .strict();
export type UpdateProxyInput = z.infer<typeof UpdateProxyInput>;

const TargetFields = {
  name: Name,
  baseUrl: ApiBaseUrl,
  model: ModelName,
  provider: ProviderField,
  probe: ProbeKindField,
  apiKey: ApiKeyValue.nullable(),
  apiKeyEnv: EnvName.nullable(),
  caFile: CaFilePath.nullable(),
  intervalSeconds: IntervalSeconds.nullable(),
  timeoutMs: TimeoutMs.nullable(),
  publicHost: z.boolean(),
  /** Pause (false) or resume (true) every route to the target; allowed on the file's targets too. */
  enabled: z.boolean(),
  latencyThresholdMs: LatencyThresholdMs.nullable(),
  latencyWindow: LatencyWindow.nullable(),
  paidProbeEvery: PaidProbeEvery,
  manualOnly: z.boolean({ error: "manualOnly must be true or false" }),
  /** Where its routes are probed from (null: every location). */
  locations: LocationListField,
};

export const CreateTargetInput = z
  .object({
    ...TargetFields,
    // Absent: the provider's defaults.
    model: TargetFields.model.optional(),
    provider: TargetFields.provider.default("openai"),
    probe: TargetFields.probe.optional(),
    apiKey: TargetFields.apiKey.optional(),
    apiKeyEnv: TargetFields.apiKeyEnv.optional(),
    caFile: TargetFields.caFile.optional(),
    intervalSeconds: TargetFields.intervalSeconds.optional(),
    timeoutMs: TargetFields.timeoutMs.optional(),
    publicHost: TargetFields.publicHost.optional(),
    enabled: TargetFields.enabled.optional(),
    latencyThresholdMs: TargetFields.latencyThresholdMs.optional(),
    latencyWindow: TargetFields.latencyWindow.optional(),
    paidProbeEvery: TargetFields.paidProbeEvery.optional(),
    manualOnly: TargetFields.manualOnly.optional(),
    locations: TargetFields.locations.optional(),
  })
  .strict()
  .refine((input) => !(input.apiKey && input.apiKeyEnv), { message: "give apiKey or apiKeyEnv, not both", path: ["apiKeyEnv"] })
  .superRefine((input, ctx) => {
    const problem = input.probe === undefined ? null : probeKindProblem(input.provider, input.probe);
    if (problem) ctx.addIssue({ code: "custom", path: ["probe"], message: problem });
    const costProblem = paidProbeEveryProblem(input.provider, input.probe ?? defaultProbeKind(input.provider), input.paidProbeEvery ?? 1);
    if (!problem && costProblem) ctx.addIssue({ code: "custom", path: ["paidProbeEvery"], message: costProblem });
  })
  .transform((input) => ({ ...input, model: input.model ?? providerInfo(input.provider).defaults.model, probe: input.probe ?? defaultProbeKind(input.provider) }));
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
    /** The pair's own locations (null: back to its target's and proxy's); for the pair, whichever of its rows is named. */
    locations: LocationListField.optional(),
  })
  .strict()
  .refine((input) => Object.keys(input).length > 0, { message: "give at least one of enabled, intervalSeconds, latencyThresholdMs, latencyWindow, locations" });
export type UpdateRouteInput = z.infer<typeof UpdateRouteInput>;
