import type { Dispatcher } from "undici";

/**
 * The `fetch` our SDK clients send with: one request straight onto the
 * exchange's undici dispatcher, without the WHATWG machinery of undici's own
 * fetch (Request and Headers objects with their validation, a web stream per
 * body, signal followers with finalizers) that cost a probe more CPU than its
 * TLS handshake. The SDKs read only status, headers and the body (whole, or as
 * a stream for server-sent events), which is what this answers.
 *
 * Differences from fetch, on purpose: redirects are followed only to the same
 * host and never from https to http (never taking the API key elsewhere or
 * into the clear: undici's fetch keeps every header but `authorization` on a
 * cross-host redirect); a response body is held up to a bound; bodies come
 * uncompressed (we ask for `identity`).
 */
export function exchangeFetch(dispatcher: Dispatcher | null, limits: Partial<ExchangeFetchLimits> = {}): typeof globalThis.fetch {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  const call = (input: string | URL | Request, init?: RequestInit) => {
    // A call may name its exchange's dispatcher (SDK clients shared by the routes of one target pass it per request).
    const target = (init as { dispatcher?: Dispatcher } | undefined)?.dispatcher ?? dispatcher;
    if (!target) return Promise.reject(new TypeError("exchangeFetch: no dispatcher for this request"));
    return send(target, input, init ?? {}, bounds);
  };
  return call as typeof globalThis.fetch;
}

/** Request options that send one SDK call through an exchange's dispatcher (the SDKs pass fetchOptions on to fetch). */
export function throughDispatcher(dispatcher: Dispatcher): { dispatcher: Dispatcher } {
  return { dispatcher };
}

export interface ExchangeFetchLimits {
  /** Most bytes a body may hold before it is read (text, json): probes expect small answers. */
  maxBodyBytes: number;
  maxRedirects: number;
}

const DEFAULT_LIMITS: ExchangeFetchLimits = { maxBodyBytes: 16 * 1024 * 1024, maxRedirects: 5 };

export class ResponseTooLargeError extends Error {
  readonly code = "response_too_large";
  constructor(readonly limitBytes: number) {
    super(`the response body is larger than ${Math.round(limitBytes / 1024 / 1024)} MiB`);
    this.name = "ResponseTooLargeError";
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

async function send(dispatcher: Dispatcher, input: string | URL | Request, init: RequestInit, limits: ExchangeFetchLimits): Promise<Response> {
  if (typeof input !== "string" && !(input instanceof URL)) throw new TypeError("exchangeFetch takes a URL, not a Request");
  let url = new URL(input);
  let method = (init.method ?? "GET").toUpperCase();
  let headers = flattenHeaders(init.headers);
  let body = requestBody(init.body);
  const signal = init.signal ?? null;
  for (let hop = 0; ; hop++) {
    const response = await sendOnce(dispatcher, { url, method, headers, body, signal, maxBodyBytes: limits.maxBodyBytes });
    const location = response.headers.get("location");
    if (!REDIRECTS.has(response.status) || location === null || init.redirect === "manual" || hop >= limits.maxRedirects) return response;
    const next = URL.parse(location, url);
    if (!next || !mayFollow(url, next)) return response;
    await response.arrayBuffer();
    if (response.status === 303 ? method !== "HEAD" : (response.status === 301 || response.status === 302) && method === "POST") {
      method = "GET";
      body = null;
      headers = pairsWithout(headers, (name) => name.startsWith("content-"));
    }
    url = next;
  }
}

/**
 * Only to the same host, and never from https to plain http: the request
 * carries the API key, which must reach no other host and never travel in
 * the clear because of an answer.
 */
function mayFollow(from: URL, to: URL): boolean {
  if (to.hostname !== from.hostname) return false;
  if (to.protocol === "https:") return true;
  return to.protocol === "http:" && from.protocol === "http:";
}

interface OneRequest {
  url: URL;
  method: string;
  headers: string[];
  body: string | Uint8Array | null;
  signal: AbortSignal | null;
  maxBodyBytes: number;
}

function sendOnce(dispatcher: Dispatcher, request: OneRequest): Promise<Response> {
  const { signal } = request;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | null = null;
    let response: ExchangeResponse | null = null;
    // Like fetch, an abort rejects at once, even while undici is still connecting.
    const onAbort = () => {
      if (!response) reject(signal!.reason);
      controller?.abort(signal!.reason);
    };
    const settle = () => signal?.removeEventListener("abort", onAbort);
    signal?.addEventListener("abort", onAbort, { once: true });
    const headers = hasHeader(request.headers, "accept-encoding") ? request.headers : [...request.headers, "accept-encoding", "identity"];
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (signal?.aborted) started.abort(signal.reason);
      },
      onResponseStart(started, statusCode, responseHeaders, statusMessage) {
        response = new ExchangeResponse(started, request.url.href, statusCode, statusMessage ?? "", responseHeaders, request.maxBodyBytes);
        resolve(response as unknown as Response);
      },
      onResponseData(_started, chunk) {
        response?.push(chunk);
      },
      onResponseEnd() {
        settle();
        response?.end();
      },
      onResponseError(_started, error) {
        settle();
        const reason = signal?.aborted ? signal.reason : error;
        if (response) response.fail(reason);
        else reject(signal?.aborted ? reason : new TypeError("fetch failed", { cause: error }));
      },
    };
    try {
      dispatcher.dispatch(
        { origin: request.url.origin, path: `${request.url.pathname}${request.url.search}`, method: request.method, headers, body: request.body },
        handler,
      );
    } catch (error) {
      settle();
      reject(new TypeError("fetch failed", { cause: error }));
    }
  });
}

/** Header names and values, alternating, as undici takes them. */
function flattenHeaders(headers: HeadersInit | undefined): string[] {
  const flat: string[] = [];
  if (!headers) return flat;
  if (Array.isArray(headers)) {
    for (const [name, value] of headers) flat.push(name!, value!);
  } else if (typeof (headers as Headers).forEach === "function") {
    // A Headers object, from whichever copy of undici made it (a record has no forEach).
    (headers as Headers).forEach((value, name) => flat.push(name, value));
  } else {
    for (const [name, value] of Object.entries(headers as Record<string, string>)) flat.push(name, value);
  }
  return flat;
}

function hasHeader(flat: string[], name: string): boolean {
  for (let index = 0; index < flat.length; index += 2) if (flat[index]!.toLowerCase() === name) return true;
  return false;
}

function pairsWithout(flat: string[], drop: (lowerName: string) => boolean): string[] {
  const kept: string[] = [];
  for (let index = 0; index < flat.length; index += 2) if (!drop(flat[index]!.toLowerCase())) kept.push(flat[index]!, flat[index + 1]!);
  return kept;
}

function requestBody(body: BodyInit | null | undefined): string | Uint8Array | null {
  if (body === undefined || body === null) return null;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError(`exchangeFetch sends string or byte bodies, not ${Object.prototype.toString.call(body)}`);
}

const utf8 = new TextDecoder();

/** What the SDKs read of a Response: status, headers, and the body once (whole or as a stream). */
class ExchangeResponse {
  readonly ok: boolean;
  readonly headers: ResponseHeaders;
  private chunks: Buffer[] = [];
  private size = 0;
  private done = false;
  private failure: unknown = null;
  private used = false;
  private waiting: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  private sink: ReadableStreamDefaultController<Uint8Array> | null = null;
  private stream: ReadableStream<Uint8Array> | null = null;

  constructor(
    private readonly controller: Dispatcher.DispatchController,
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    rawHeaders: Record<string, string | string[] | undefined>,
    private readonly maxBodyBytes: number,
  ) {
    this.ok = status >= 200 && status <= 299;
    this.headers = new ResponseHeaders(rawHeaders);
  }

  get bodyUsed(): boolean {
    return this.used || Boolean(this.stream?.locked);
  }

  get body(): ReadableStream<Uint8Array> {
    if (this.stream) return this.stream;
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (sink) => {
          this.sink = sink;
          for (const chunk of this.chunks) sink.enqueue(chunk);
          this.chunks = [];
          if (this.failure !== null) sink.error(this.failure);
          else if (this.done) sink.close();
        },
        pull: () => this.controller.resume(),
        cancel: (reason) => {
          // Nothing more goes into a stream its reader gave up (enqueue would throw).
          this.sink = null;
          this.controller.abort(reason ?? new Error("response body cancelled"));
        },
      },
      { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
    );
    return this.stream;
  }

  push(chunk: Buffer): void {
    if (this.stream) {
      if (!this.sink) return;
      this.sink.enqueue(chunk);
      if ((this.sink.desiredSize ?? 1) <= 0) this.controller.pause();
      return;
    }
    this.size += chunk.length;
    if (this.size > this.maxBodyBytes) {
      this.controller.abort(new ResponseTooLargeError(this.maxBodyBytes));
      return;
    }
    this.chunks.push(chunk);
  }

  end(): void {
    this.done = true;
    this.sink?.close();
    this.sink = null;
    this.waiting?.resolve();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.sink?.error(error);
    this.sink = null;
    this.waiting?.reject(error);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    if (this.used || this.stream?.locked) throw new TypeError("Body is unusable: Body has already been read");
    this.used = true;
    // Looking at `body` made the stream but read nothing (the Anthropic SDK
    // does so on every answer): fetch still reads it whole, and so do we.
    if (this.stream) return this.readWhole(this.stream);
    if (!this.done && this.failure === null) {
      await new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
    }
    if (this.failure !== null) throw this.failure;
    const whole = Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    return whole;
  }

  private async readWhole(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      size += chunk.value.byteLength;
      if (size > this.maxBodyBytes) {
        const error = new ResponseTooLargeError(this.maxBodyBytes);
        await reader.cancel(error);
        throw error;
      }
      chunks.push(chunk.value);
    }
    return Buffer.concat(chunks, size);
  }

  async text(): Promise<string> {
    return utf8.decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/** The read side of Headers over undici's parsed response headers. */
class ResponseHeaders {
  private readonly byName = new Map<string, string>();

  constructor(raw: Record<string, string | string[] | undefined>) {
    for (const name of Object.keys(raw).sort()) {
      const value = raw[name];
      if (value === undefined) continue;
      this.byName.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value);
    }
  }

  get(name: string): string | null {
    return this.byName.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  forEach(callback: (value: string, name: string, headers: ResponseHeaders) => void): void {
    for (const [name, value] of this.byName) callback(value, name, this);
  }

  entries(): IterableIterator<[string, string]> {
    return this.byName.entries();
  }

  keys(): IterableIterator<string> {
    return this.byName.keys();
  }

  values(): IterableIterator<string> {
    return this.byName.values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.byName.entries();
  }
}
