import { performance } from "node:perf_hooks";
import * as z from "zod";
import { classifyFailure, misconfiguredProxy, okClassification, UnexpectedResponseError, type Classification } from "../classify/classify-outcome";
import { describeErrorChain } from "../classify/error-chain";
import type { Layer, OutcomeKind } from "../classify/kinds";
import { describeProxySpec } from "../routes/parse-proxy-spec";
import type { ConcreteRoute } from "../routes/open-connection";
import { InvalidEnvProxyError } from "../routes/resolve-env-proxy";
import type { RouteDispatcher } from "../routes/route-dispatcher";
import { createRedactor } from "../secrets/redact";
import { fetchExitIdentity, type ExitIdentity } from "./exit-identity";
import { throughDispatcher } from "../routes/exchange-fetch";
import { sharedClientFor } from "./shared-clients";
import type { ProviderProbeKind, TokenUsage } from "../providers/provider";
import { DEFAULT_PROVIDER, PROBE_KIND_NAMES, PROVIDER_IDS, loadProvider, type AnyProvider, type ProbeKindName, type ProviderId } from "../providers/registry";
import { noResponseFacts, type QuotaSnapshot, type ResponseFacts } from "./quota-headers";
import { EMPTY_TIMINGS, type ExchangeTrace, type ProbeTimings } from "./timings";
import { kindHints } from "../i18n/kind-texts";
import { parseJsonBody } from "./parse-json-body";
import { readStreamedAnswer } from "./read-streamed-answer";
import type { StreamFacts } from "./stream-facts";

export const ProbeOptions = z.object({
  baseUrl: z.url({ protocol: /^https?$/, message: "baseUrl must be an http(s) URL" }),
  /** Null when none is configured: the API's 401 still proves the route reaches it. */
  apiKey: z.string().min(1, "an API key is required").nullable(),
  /** Where a key would come from, for the message when there is none. */
  apiKeySource: z.string().default("an API key"),
  model: z.string().min(1, "a model is required"),
  provider: z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]).default(DEFAULT_PROVIDER),
  probe: z.enum(PROBE_KIND_NAMES as [ProbeKindName, ...ProbeKindName[]]).default("chat"),
  timeoutMs: z.number().int().min(100).max(600_000).default(15_000),
  /** Also ask the API host's edge which exit it sees. */
  traceExit: z.boolean().default(false),
});
export type ProbeOptions = z.input<typeof ProbeOptions>;

export interface ProbeResult {
  ok: boolean;
  kind: OutcomeKind;
  layer: Layer | null;
  httpStatus: number | null;
  apiErrorCode: string | null;
  apiErrorType: string | null;
  message: string;
  hint: { en: string; zh: string };
  requestId: string | null;
  processingMs: number | null;
  timings: ProbeTimings;
  quota: QuotaSnapshot;
  usage: TokenUsage | null;
  probe: ProbeKindName;
  /** The route as configured, password masked; for `env`, what it resolved to. */
  route: string;
  startedAt: string;
  exit?: ExitIdentity | null;
  /** The raw error chain (sanitised), kept for logs when the kind is unknown. */
  errorChain?: string[];
  /** The API's error came inside a stream that had begun with a 2xx. */
  midStream: boolean;
  /** What a streaming kind measured once its stream began; null for other kinds or a stream that never began. */
  stream: StreamFacts | null;
}

const MAX_MESSAGE_LENGTH = 500;
const MAX_CODE_LENGTH = 200;

/**
 * Text the upstream (or a proxy) chose: a message, an error code or type, a
 * request id. Any of them may quote the key or the proxy's password, and any
 * may be huge: each is redacted, then bounded, before it is stored or shown.
 */
function fromUpstream<T extends string | null>(text: T, redact: (text: string) => string, max: number): T {
  return (text === null ? null : redact(text).slice(0, max)) as T;
}

export class InvalidProbeOptionsError extends Error {
  readonly code = "invalid_probe_options";
  constructor(error: z.ZodError | string) {
    super(`Invalid probe options: ${typeof error === "string" ? error : error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
    this.name = "InvalidProbeOptionsError";
  }
}

/**
 * Sends one probe through one route and says what happened. Never throws: every
 * outcome of the exchange is a ProbeResult; only invalid options are refused.
 */
export async function runProbe(route: RouteDispatcher, options: ProbeOptions): Promise<ProbeResult> {
  const parsed = ProbeOptions.safeParse(options);
  if (!parsed.success) throw new InvalidProbeOptionsError(parsed.error);
  const input = parsed.data;
  const provider = await loadProvider(input.provider);
  const kind = provider.kinds[input.probe];
  if (!kind) throw new InvalidProbeOptionsError(`probe: ${provider.label} has no "${input.probe}" probe (it has ${Object.keys(provider.kinds).join(", ")})`);
  let resolved: ConcreteRoute;
  try {
    resolved = route.routeFor(input.baseUrl);
  } catch (error) {
    if (!(error instanceof InvalidEnvProxyError)) throw error;
    // Nothing to send through: say which variable is unusable and why.
    const context = { route: "env", startedAt: new Date().toISOString(), probe: input.probe, redact: (text: string) => text };
    return buildResult(misconfiguredProxy(error.message), context);
  }
  // The proxy's password also as sent in Basic auth (user:password), which a proxy's refusal may quote.
  const proxyCredentials = resolved.protocol === "direct" || resolved.password === null ? [] : [resolved.password, `${resolved.username ?? ""}:${resolved.password}`];
  const redact = createRedactor([input.apiKey, ...proxyCredentials]);
  const routeLabel = route.spec.protocol === "env" ? `env → ${describeProxySpec(resolved)}` : describeProxySpec(route.spec);

  const result = await probeOnce(route, { ...input, apiKey: input.apiKey ?? NO_KEY }, { provider, kind }, routeLabel, redact, resolved.protocol !== "direct");
  if (input.apiKey === null && result.kind === "auth_invalid") {
    result.message = `No API key is configured (set ${input.apiKeySource}); the route reaches the API, which answered: ${result.message}`;
  }
  if (input.traceExit) result.exit = await fetchExitIdentity(route, input.baseUrl, input.timeoutMs);
  return result;
}

/** Sent when no key is configured. */
const NO_KEY = "sk-proxypulse-no-key-configured";

/** A result for a probe that could not be sent at all (a closed route, a missing CA file). */
export function unsentResult(message: string, context: { probe: ProbeKindName; route: string }, errorChain?: string[]): ProbeResult {
  return buildResult(
    { kind: "unknown", layer: null, httpStatus: null, apiErrorCode: null, apiErrorType: null, message },
    { ...context, startedAt: new Date().toISOString(), redact: (text) => text, ...(errorChain ? { errorChain } : {}) },
  );
}

async function probeOnce(
  route: RouteDispatcher,
  input: z.output<typeof ProbeOptions> & { apiKey: string },
  { provider, kind }: { provider: AnyProvider; kind: ProviderProbeKind<unknown> },
  routeLabel: string,
  redact: (text: string) => string,
  viaProxy: boolean,
): Promise<ProbeResult> {
  // The deadline starts with the exchange, not while an earlier one on the
  // same route is still running.
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const context = { route: routeLabel, startedAt: new Date().toISOString(), probe: input.probe, redact };
  try {
    return await route.exchange(deadline.signal, async ({ dispatcher, trace }) => {
      timer = setTimeout(() => deadline.abort(new Error(`probe deadline of ${input.timeoutMs} ms reached`)), input.timeoutMs);
      trace.deadlineAt = performance.now() + input.timeoutMs;
      context.startedAt = new Date().toISOString();
      const client = sharedClientFor(provider, input);
      let facts = provider.readResponseFacts(null);
      try {
        // A streamed answer's events that come together are judged against how busy this process was meanwhile.
        const loopAtSend = kind.streaming ? performance.eventLoopUtilization() : null;
        const response = await kind.send(client, input.model, { signal: deadline.signal, fetchOptions: throughDispatcher(dispatcher) });
        facts = provider.readResponseFacts(response.headers);
        if (kind.streaming) {
          const outcome = await readStreamedAnswer(response, kind, provider, { trace, deadline: deadline.signal, timeoutMs: input.timeoutMs, loopAtSend: loopAtSend! });
          return buildResult(outcome.classification, { ...context, trace, facts, ...outcome });
        }
        const text = await response.text();
        trace.enter("done");
        if (!trace.has("end")) trace.mark("end");
        const answer = kind.readAnswer(parseJsonBody(text, response.status), response.status);
        const classification = okClassification(response.status);
        if (answer.note) classification.message = answer.note;
        return buildResult(classification, { ...context, trace, facts, usage: answer.usage });
      } catch (error) {
        if (!trace.has("end")) trace.mark("end");
        const answer = provider.apiAnswerOf(client, error);
        if (answer) facts = provider.readResponseFacts(answer.headers);
        const classification = classifyFailure(
          error,
          {
            deadlineHit: deadline.signal.aborted,
            timeoutMs: input.timeoutMs,
            phase: trace.phase,
            viaProxy,
            tunnelEstablished: trace.tunnelEstablished,
          },
          { answer, sdkTimeout: provider.isSdkTimeout(error), classifyAnswer: provider.classifyApiAnswer },
        );
        const errorChain = classification.kind === "unknown" ? describeErrorChain(error).map(redact) : undefined;
        return buildResult(classification, { ...context, trace, facts, errorChain });
      }
    });
  } catch (error) {
    // Only reached when the route itself cannot run an exchange (closed).
    return unsentResult(redact(error instanceof Error ? error.message : String(error)), context, describeErrorChain(error).map(redact));
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function buildResult(
  classification: Classification,
  context: {
    route: string;
    startedAt: string;
    probe: ProbeKindName;
    redact: (text: string) => string;
    trace?: ExchangeTrace;
    facts?: ResponseFacts;
    usage?: TokenUsage | null;
    errorChain?: string[];
    midStream?: boolean;
    stream?: StreamFacts | null;
  },
): ProbeResult {
  const facts = context.facts ?? noResponseFacts();
  const result: ProbeResult = {
    ok: classification.kind === "ok",
    kind: classification.kind,
    layer: classification.layer,
    httpStatus: classification.httpStatus,
    apiErrorCode: fromUpstream(classification.apiErrorCode, context.redact, MAX_CODE_LENGTH),
    apiErrorType: fromUpstream(classification.apiErrorType, context.redact, MAX_CODE_LENGTH),
    message: fromUpstream(classification.message, context.redact, MAX_MESSAGE_LENGTH),
    hint: kindHints(classification.kind),
    requestId: fromUpstream(facts.requestId, context.redact, MAX_CODE_LENGTH),
    processingMs: facts.processingMs,
    timings: context.trace?.timings() ?? { ...EMPTY_TIMINGS },
    quota: facts.quota,
    usage: context.usage ?? null,
    probe: context.probe,
    route: context.route,
    startedAt: context.startedAt,
    midStream: context.midStream ?? false,
    stream: context.stream ?? null,
  };
  if (context.errorChain) result.errorChain = context.errorChain;
  return result;
}
