import * as z from "zod";
import { ApiBaseUrl, ApiKeyEnvName, ApiKeyValue, CaFilePath, IntervalSeconds, ModelName, ObjectName, ProbeKindField, ProxySpecText, TimeoutMs } from "../config/field-schemas";
import { DEFAULT_MODEL } from "../config/default-model";

const Name = ObjectName;

/** A proxy as typed in a form or the API (one schema with proxypulse.yaml). */
export const ProxyUrl = ProxySpecText;

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
  })
  .strict();
export type UpdateProxyInput = z.infer<typeof UpdateProxyInput>;

const TargetFields = {
  name: Name,
  baseUrl: ApiBaseUrl,
  model: ModelName,
  probe: ProbeKindField,
  apiKey: ApiKeyValue.nullable(),
  apiKeyEnv: EnvName.nullable(),
  caFile: CaFilePath.nullable(),
  intervalSeconds: IntervalSeconds.nullable(),
  timeoutMs: TimeoutMs.nullable(),
  publicHost: z.boolean(),
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
  })
  .strict()
  .refine((input) => !(input.apiKey && input.apiKeyEnv), { message: "give apiKey or apiKeyEnv, not both", path: ["apiKeyEnv"] });
export type CreateTargetInput = z.infer<typeof CreateTargetInput>;

/** Every field optional; `apiKey: null` removes the stored key. */
export const UpdateTargetInput = z.object(TargetFields).partial().strict();
export type UpdateTargetInput = z.infer<typeof UpdateTargetInput>;
