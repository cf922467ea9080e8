import diagnosticsChannel from "node:diagnostics_channel";
import type net from "node:net";
import tls from "node:tls";
import type { Dispatcher } from "undici";
import { ExchangeTrace } from "../probe/timings";
import { OriginClients } from "./origin-clients";
import { openConnection, resolveWithSystem, type ConcreteRoute, type HostResolver } from "./open-connection";
import type { ProxySpec } from "./parse-proxy-spec";
import { resolveEnvProxy } from "./resolve-env-proxy";
import { secureContextFor } from "./trusted-roots";

export interface Exchange {
  dispatcher: Dispatcher;
  trace: ExchangeTrace;
  signal: AbortSignal;
  /** The route actually taken (for `env`, what the variables resolved to). */
  resolvedRoute(targetUrl: string): ConcreteRoute;
}

/**
 * One route's dispatcher: undici clients whose connections we open ourselves
 * so that every step is timed and every failure tagged. Exchanges on a route
 * run one at a time and each opens a fresh connection, destroyed when the
 * exchange ends, so the phases it reports are real and no socket outlives it.
 */
export class RouteDispatcher {
  private readonly clients: OriginClients;
  // Built before any probe (and shared between routes), never inside a
  // probe's measured TLS phase.
  private readonly secureContext: tls.SecureContext | undefined;
  private active: { trace: ExchangeTrace; signal: AbortSignal; sockets: Map<net.Socket, Promise<void>>; ending: boolean } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly spec: ProxySpec,
    options: { caFile?: string | null; resolve?: HostResolver } = {},
  ) {
    this.secureContext = secureContextFor(options.caFile);
    const resolve = options.resolve ?? resolveWithSystem;
    this.clients = new OriginClients((connectOptions, callback) => {
      const session = this.active ?? { trace: new ExchangeTrace(), signal: new AbortController().signal, sockets: new Map<net.Socket, Promise<void>>(), ending: false };
      // An exchange that has ended opens nothing more: undici's client takes
      // a socket closed under a request it aborted as a reason to connect
      // again, which would be a second tunnel through the proxy for nothing.
      if (session.ending) {
        callback(new Error("the exchange has ended"), null);
        return;
      }
      const target = {
        host: connectOptions.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: Number(connectOptions.port) || (connectOptions.protocol === "https:" ? 443 : 80),
        tls: connectOptions.protocol === "https:",
      };
      let route: ConcreteRoute;
      try {
        route = this.routeFor(`${connectOptions.protocol}//${connectOptions.hostname}:${target.port}`);
      } catch (error) {
        // An unusable proxy variable: fail this connection, not the process.
        callback(error instanceof Error ? error : new Error(String(error)), null);
        return;
      }
      openConnection(route, target, { trace: session.trace, signal: session.signal, secureContext: this.secureContext, resolve }).then(
        (socket) => {
          tracedSockets.set(socket, session.trace);
          // Its "close" event, not `socket.closed` (set before the event is emitted), is when undici is done with it.
          session.sockets.set(socket, new Promise<void>((resolve) => socket.once("close", () => resolve())));
          callback(null, socket);
        },
        (error: Error) => callback(error, null),
      );
    });
  }

  /** The route to a target; for `env`, throws InvalidEnvProxyError when the variable that applies is unusable. */
  routeFor(targetUrl: string): ConcreteRoute {
    return this.spec.protocol === "env" ? resolveEnvProxy(targetUrl) : this.spec;
  }

  /** Runs one exchange on this route, after any exchange already running. */
  exchange<T>(signal: AbortSignal, run: (exchange: Exchange) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("route dispatcher is closed"));
    const next = this.queue.then(async () => {
      const trace = new ExchangeTrace();
      const sockets = new Map<net.Socket, Promise<void>>();
      const session = { trace, signal, sockets, ending: false };
      this.active = session;
      try {
        return await run({ dispatcher: this.clients, trace, signal, resolvedRoute: (url) => this.routeFor(url) });
      } finally {
        // The next exchange starts only once this one's connections have
        // closed: undici took a late "close" of an aborted exchange's socket
        // as the loss of whatever its client ran by then (the next exchange's
        // request) and connected again under it, so a timeout after a timeout
        // read "no TCP connection" (seen on plain http).
        session.ending = true;
        await closeAll(sockets);
        this.active = null;
      }
    });
    // Only the order is kept: the queue must not hold the last result (one per route, thousands of routes).
    this.queue = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.clients.destroy();
  }
}

/** Destroys the sockets (each exchange has fresh ones) and waits for their "close" events. */
async function closeAll(sockets: Map<net.Socket, Promise<void>>): Promise<void> {
  for (const socket of sockets.keys()) socket.destroy();
  await Promise.all(sockets.values());
}

const tracedSockets = new WeakMap<net.Socket, ExchangeTrace>();
const tracedRequests = new WeakMap<object, { trace: ExchangeTrace; socket: net.Socket }>();

// TTFB runs from "request sent" (headers and body handed to the socket, where
// curl stamps pretransfer) to the first readable byte of the response.
diagnosticsChannel.subscribe("undici:client:sendHeaders", (message) => {
  const { request, socket } = message as { request: object; socket: net.Socket };
  const trace = tracedSockets.get(socket);
  if (trace) tracedRequests.set(request, { trace, socket });
});

diagnosticsChannel.subscribe("undici:request:bodySent", (message) => {
  const { request } = message as { request: object };
  const traced = tracedRequests.get(request);
  if (!traced) return;
  const { trace, socket } = traced;
  trace.enter("waiting", "requestSent");
  socket.prependOnceListener("readable", () => trace.enter("body", "firstByte"));
});

// The response is complete when undici's parser has its last byte: the end of
// curl's time_total, before fetch and the SDK hand the body over.
diagnosticsChannel.subscribe("undici:request:trailers", (message) => {
  const { request } = message as { request: object };
  const traced = tracedRequests.get(request);
  if (!traced) return;
  tracedRequests.delete(request);
  traced.trace.mark("end");
});
