/** The hub refused the agent's token (unknown or revoked). */
export class TokenRefusedError extends Error {
  readonly code = "agent_token_invalid";
  constructor(readonly hubMessage: string) {
    super("the hub refused the agent token");
    this.name = "TokenRefusedError";
  }
}

export interface HubAnswer {
  status: number;
  headers: { get(name: string): string | null };
  /** The parsed JSON body (null when there is none or it is not JSON). */
  json: unknown;
}

/** The hub took longer than the agent's request timeout to answer (a hung hub or link). */
export class HubTimeoutError extends Error {
  constructor(seconds: number) {
    super(`the hub did not answer within ${seconds} s`);
    this.name = "HubTimeoutError";
  }
}

export interface HubRequestOptions {
  method?: "GET" | "POST";
  body?: unknown;
  headers?: Record<string, string>;
  /** The agent stopping. */
  signal?: AbortSignal;
  /** How long the hub may hold this request on purpose (a long poll), on top of the timeout. */
  heldMs?: number;
}

/**
 * Requests to the hub with the agent's bearer token (Node's own fetch and
 * its keep-alive pool: the probes' undici parts stay apart), JSON in and out.
 * A 401 becomes TokenRefusedError; every other status is the caller's to
 * read. The token is never part of an error. Each request, its answer's body
 * included, ends within `timeoutMs` (plus what it asked the hub to hold it):
 * a hub or link that takes a connection and never answers must not stall
 * the uploads or heartbeats behind it (Node's fetch would wait 5 minutes
 * for headers, then as long again for the body).
 */
export class HubClient {
  constructor(
    readonly hubUrl: URL,
    private readonly token: string,
    private readonly timeoutMs: number,
  ) {}

  async request(path: string, options: HubRequestOptions = {}): Promise<HubAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: "application/json", ...options.headers };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const limit = this.timeoutMs + (options.heldMs ?? 0);
    const timeout = AbortSignal.timeout(limit);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      return await this.send(new URL(path, this.hubUrl), { method: options.method ?? "GET", headers, body: options.body === undefined ? null : JSON.stringify(options.body), signal });
    } catch (error) {
      if (timeout.aborted && !options.signal?.aborted) throw new HubTimeoutError(Math.round(limit / 1000));
      throw error;
    }
  }

  private async send(url: URL, init: RequestInit & { signal: AbortSignal }): Promise<HubAnswer> {
    const response = await fetch(url, init);
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (response.status === 401) throw new TokenRefusedError(errorMessage(json) ?? "401");
    return { status: response.status, headers: response.headers, json };
  }
}

/** The `{ error: { message } }` of a hub's answer, if it has one. */
export function errorMessage(json: unknown): string | null {
  const error = (json as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === "string" ? error.message : null;
}

/** The `{ error: { code } }` of a hub's answer, if it has one. */
export function errorCode(json: unknown): string | null {
  const error = (json as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === "string" ? error.code : null;
}

/** The route ids a 403 route_not_assigned names (`error.details.routeIds`). */
export function refusedRouteIds(json: unknown): number[] {
  const ids = (json as { error?: { details?: { routeIds?: unknown } } } | null)?.error?.details?.routeIds;
  return Array.isArray(ids) ? ids.filter((id): id is number => typeof id === "number") : [];
}
