import * as z from "zod";
import { ApiBaseUrl, ApiKeyEnvName, ApiKeyValue, isAllowedApiKeyEnv, ModelName, ProbeKindField, ProviderField } from "../config/field-schemas";
import { DEFAULT_PROVIDER, isProviderId, probeKindProblem, providerInfo, type ProbeKindName } from "../providers/registry";
import type { Db } from "../db/client";
import { NotFoundError, ValidationError } from "../http/app-error";
import { RecordId } from "../http/query-params";
import { ProxyUrl } from "./management-schemas";
import { runProbe, type ProbeResult } from "../probe/run-probe";
import { parseProxySpec, type ProxySpec } from "../routes/parse-proxy-spec";
import { RouteDispatcher } from "../routes/route-dispatcher";
import { CaFileError } from "../routes/trusted-roots";
import type { SecretBox } from "../secrets/secret-box";
import { sameApiOrigin, sameProxyEndpoint, SecretScopeError } from "./secret-scope";

export const TestRouteInput = z
  .object({
    /** A proxy not saved yet; without a password, the saved proxy's (proxyId) is used. */
    proxyUrl: ProxyUrl.optional(),
    proxyId: RecordId.optional(),
    targetId: RecordId.optional(),
    target: z
      .object({
        baseUrl: ApiBaseUrl,
        // Empty: use the saved key (the form sends what was typed).
        apiKey: z
          .string({ error: "The API key must be text" })
          .transform((key) => (key.trim() === "" ? undefined : key))
          .pipe(ApiKeyValue.optional())
          .optional(),
        apiKeyEnv: ApiKeyEnvName.optional(),
        /** Absent: the provider's default model. */
        model: ModelName.optional(),
        provider: ProviderField.default(DEFAULT_PROVIDER),
        // The free kind by default: a test should not spend quota.
        probe: ProbeKindField.default("models"),
        caFile: z.string().trim().optional(),
      })
      .superRefine((target, ctx) => {
        const problem = probeKindProblem(target.provider, target.probe);
        if (problem) ctx.addIssue({ code: "custom", path: ["probe"], message: problem });
      })
      .transform((target) => ({ ...target, model: target.model ?? providerInfo(target.provider).defaults.model }))
      .optional(),
  })
  .strict()
  .refine((input) => input.targetId !== undefined || input.target !== undefined, { message: "say which target to test against (targetId or target)", path: ["targetId"] });
export type TestRouteInput = z.infer<typeof TestRouteInput>;

/**
 * "Test before saving": one probe through a proxy and to a target as typed
 * in a form, with the saved secrets where the form leaves them out. Nothing
 * is stored.
 */
export async function testRoute(db: Db, box: SecretBox, env: Record<string, string | undefined>, input: unknown, timeoutMs: number): Promise<ProbeResult> {
  const parsed = TestRouteInput.parse(input);
  const savedProxy = parsed.proxyId ? await db.proxy.findUnique({ where: { id: parsed.proxyId } }) : null;
  if (parsed.proxyId && !savedProxy) throw new NotFoundError("Proxy");
  const savedTarget = parsed.targetId ? await db.target.findUnique({ where: { id: parsed.targetId } }) : null;
  if (parsed.targetId && !savedTarget) throw new NotFoundError("Target");

  let spec: ProxySpec = { protocol: "direct" };
  const savedPassword = savedProxy?.passwordSecret ? box.open(savedProxy.passwordSecret) : null;
  if (parsed.proxyUrl) spec = parseProxySpec(parsed.proxyUrl);
  else if (savedProxy) spec = parseProxySpec(savedProxy.url);
  if (spec.protocol !== "direct" && spec.protocol !== "env" && spec.password === null && spec.username !== null && savedPassword) {
    if (!sameProxyEndpoint(spec, parseProxySpec(savedProxy!.url))) throw new SecretScopeError("password", "proxyUrl");
    spec = { ...spec, password: savedPassword };
  }

  const typed = parsed.target;
  const baseUrl = typed?.baseUrl ?? savedTarget!.baseUrl;
  let apiKey: string | null = null;
  if (typed?.apiKey) apiKey = typed.apiKey;
  else if (typed?.apiKeyEnv) apiKey = env[typed.apiKeyEnv] ?? null; else if (savedTarget?.apiKeySecret) {
    if (!sameApiOrigin(baseUrl, savedTarget.baseUrl)) throw new SecretScopeError("apiKey", "target.apiKey");
    apiKey = box.open(savedTarget.apiKeySecret);
  } else if (isAllowedApiKeyEnv(savedTarget?.apiKeyEnv)) {
    // Like a sealed key: the variable a saved target names is sent only to that target's own host.
    if (!sameApiOrigin(baseUrl, savedTarget.baseUrl)) throw new SecretScopeError("apiKey", "target.apiKey");
    apiKey = env[savedTarget.apiKeyEnv] ?? null;
  }
  const caFile = typed ? typed.caFile || null : savedTarget!.caFile;
  const provider = typed ? typed.provider : isProviderId(savedTarget!.provider) ? savedTarget!.provider : null;
  if (provider === null) throw new ValidationError(`The target's provider "${savedTarget!.provider}" is unknown to this version`, [{ path: "targetId", message: "unknown provider" }]);

  let route: RouteDispatcher;
  try {
    route = new RouteDispatcher(spec, { caFile });
  } catch (error) {
    if (error instanceof CaFileError) throw new ValidationError(error.message, [{ path: "caFile", message: error.message }]);
    throw error;
  }
  try {
    return await runProbe(route, {
      baseUrl,
      apiKey,
      apiKeySource: "the target's API key",
      model: typed?.model ?? savedTarget!.model,
      provider,
      probe: typed?.probe ?? (savedTarget!.probe as ProbeKindName),
      timeoutMs,
    });
  } finally {
    await route.close();
  }
}
