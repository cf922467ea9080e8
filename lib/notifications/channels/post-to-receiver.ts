import { DeliveryError } from "../delivery-error";

/** Each request's own deadline, whatever the caller's signal. */
export const SEND_TIMEOUT_MS = 10_000;

export const JSON_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json" };

export type ReceiverAnswer = Record<string, unknown> | null;

export interface PostOptions {
  /** Default: JSON_HEADERS. */
  headers?: Record<string, string>;
  /** A 2xx answer is accepted only when this holds of its JSON body (services that answer 200 with an error code). */
  confirms?: (json: ReceiverAnswer) => boolean;
  /** The receiver's own reason for a refusal (an HTTP error), from its JSON body; shown after the status. */
  explain?: (json: ReceiverAnswer, headers: Headers) => string | undefined;
  /** How errors name the receiver (default: the URL's host; webhook URLs hold tokens in their path and query). */
  label?: string;
  signal?: AbortSignal;
}

/** POSTs `body` and checks the answer; throws DeliveryError naming the host only. */
export async function postToReceiver(url: string, body: string, options: PostOptions = {}): Promise<ReceiverAnswer> {
  const where = options.label ?? new URL(url).host;
  const deadline = AbortSignal.timeout(SEND_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body, headers: options.headers ?? JSON_HEADERS, signal: options.signal ? AbortSignal.any([deadline, options.signal]) : deadline, redirect: "error" });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new DeliveryError(`${where}: ${cause}`);
  }
  const text = await response.text().catch(() => "");
  const json = parseObject(text);
  if (response.status < 200 || response.status >= 300) {
    const reason = options.explain?.(json, response.headers);
    throw new DeliveryError(`${where} answered HTTP ${response.status}${reason ? `: ${reason.slice(0, 1000)}` : ""}`);
  }
  // Cut generously here: the delivery log redacts, then cuts to its own length (a secret cut in two here would escape redaction).
  if (options.confirms && !options.confirms(json)) throw new DeliveryError(`${where} refused the message: ${text.slice(0, 4000)}`);
  return json;
}

function parseObject(text: string): ReceiverAnswer {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A string field of a receiver's JSON answer, if it has one. */
export function answerText(json: ReceiverAnswer, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = json?.[key];
    if (typeof value === "string" && value) return value;
    if (typeof value === "number") return String(value);
  }
  return undefined;
}

/** Settles with `work`, or rejects as soon as `signal` aborts. */
export function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
