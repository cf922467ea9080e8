import type { Classification, ErrorBody } from "../classify/classify-outcome";
import type { ResponseFacts } from "../probe/quota-headers";

export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

/** How one probe's request is sent: its deadline, and the exchange it goes through. */
export interface ProbeRequest {
  signal: AbortSignal;
  /** Passed to the SDK as its per-request fetchOptions: carries the exchange's dispatcher to exchangeFetch. */
  fetchOptions: object;
}

/** One kind of request a provider can be probed with: answered whole, or as a stream of events. */
export type ProviderProbeKind<Client> = WholeAnswerKind<Client> | StreamingKind<Client>;

interface KindSender<Client> {
  /** Sends the request through the provider's SDK; resolves with the raw response once headers arrive. */
  send(client: Client, model: string, request: ProbeRequest): Promise<Response>;
}

/** A request answered with one JSON body. */
export interface WholeAnswerKind<Client> extends KindSender<Client> {
  streaming?: false;
  /**
   * Checks a 2xx body is an answer a client could use; throws
   * UnexpectedResponseError saying what is missing if not. A note qualifies
   * an answer that is usable but worth a look.
   */
  readAnswer(body: unknown, status: number): { usage: TokenUsage | null; note?: string };
}

/** A request answered with server-sent events, read as they arrive (lib/probe/read-event-stream). */
export interface StreamingKind<Client> extends KindSender<Client> {
  streaming: true;
  /** What the API ends a complete answer with, for the message when it never came ("data: [DONE]"). */
  endEvent: string;
  /** What one event held; throws UnexpectedResponseError when it is not an event of this API. */
  readEvent(event: StreamEvent, status: number): StreamEventReading;
}

/** One server-sent event: its `event:` name (null when it has none) and its data. */
export interface StreamEvent {
  event: string | null;
  data: string;
}

/** What one event of a streaming answer held, as its provider reads it. */
export interface StreamEventReading {
  /** It carried output (a token of text, a tool call…): one chunk of the answer. */
  content?: boolean;
  usage?: TokenUsage;
  /**
   * The API's own end of a complete answer: "answer" for a finish reason
   * (events may follow, such as usage), "stream" for the last event
   * ([DONE], message_stop), after which nothing is waited for.
   */
  end?: "answer" | "stream";
  /** An error the API sent inside the stream, read as an error answer of this status (the status its type goes with). */
  error?: { status: number; body: ErrorBody };
  /** Qualifies an answer that is usable but worth a look (the API blocked the probe's prompt). */
  note?: string;
}

/** An HTTP answer that an SDK turned into an error. */
export interface ApiAnswer {
  status: number;
  headers: { get(name: string): string | null } | undefined;
  body: ErrorBody | undefined;
}

/** How much later than the probe's own deadline an SDK's timeout may fire: ours must win. */
export const SDK_TIMEOUT_GRACE_MS = 1000;

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Sends through the exchange each request names (lib/routes/exchange-fetch). */
  fetch: typeof globalThis.fetch;
}

/**
 * What everything but a probe needs to know of a provider (validation, the
 * target form, the CLI's defaults): plain data, so that naming a provider
 * loads no SDK. Its kinds are named here with their cost; what they send is
 * in the Provider, loaded when a probe needs it (lib/providers/registry).
 */
export interface ProviderDescriptor {
  id: string;
  /** Shown in the UI and the CLI. */
  label: string;
  /**
   * What a target of this provider starts with: the official base URL (as
   * its SDK takes it; null when there is none, as each Azure resource has
   * its own), a cheap model, and the variables its SDK's users set for the
   * key and the base URL (the CLI reads them; the key also from the
   * alternatives, in order, as the provider's SDK reads them).
   */
  defaults: { baseUrl: string | null; model: string; apiKeyEnv: string; baseUrlEnv: string; apiKeyEnvAlternatives?: readonly string[] };
  /** Base URLs the target form offers (the official one first). */
  baseUrlPresets: ReadonlyArray<{ label: string; baseUrl: string }>;
  /** Its probe kinds and what each costs (shown to users before they schedule it); the first is the default (the request apps send). */
  kinds: Record<string, { cost: "tokens" | "free" }>;
}

/**
 * What ProxyPulse knows of one API provider: its probe kinds, how its
 * official SDK is built on a route's connection, how its rate-limit headers
 * and request ids read, and what its API errors mean in our kinds. Transport,
 * timings and transport failures stay shared (lib/routes, lib/classify). A
 * provider never imports another (what two share is in lib/providers/shared).
 */
export interface Provider<Client> extends Omit<ProviderDescriptor, "kinds"> {
  /** Its probe kinds, the same names as its descriptor's. */
  kinds: Record<string, ProviderProbeKind<Client>>;
  createClient(options: ClientOptions): Client;
  readResponseFacts(headers: ApiAnswer["headers"] | null, now?: Date): ResponseFacts;
  /** The HTTP answer behind an SDK error, or null when the error is not an API status error. */
  apiAnswerOf(client: Client, error: unknown): ApiAnswer | null;
  /** The SDK's own timeout fired (ours is generous, so this means its clock ran out first). */
  isSdkTimeout(error: unknown): boolean;
  classifyApiAnswer(answer: ApiAnswer): Classification;
}
