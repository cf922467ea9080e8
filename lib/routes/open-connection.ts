import dns from "node:dns";
import http from "node:http";
import net from "node:net";
import tls from "node:tls";
import type { ExchangeTrace } from "../probe/timings";
import type { ProxyEndpoint } from "./parse-proxy-spec";
import { RouteConnectError, type ConnectHop } from "./route-connect-error";
import { loadSocksClient, socks5Handshake } from "./socks5-handshake";

/** A route with `env` already resolved for the target in question. */
export type ConcreteRoute = { protocol: "direct" } | ProxyEndpoint;

export interface ConnectTarget {
  host: string;
  port: number;
  tls: boolean;
}

/** Resolves a host name to its addresses, in the order to try them. */
export type HostResolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

// node:dns (which net loads anyway) rather than node:dns/promises, a module more for every CLI call to compile.
export const resolveWithSystem: HostResolver = (hostname) =>
  new Promise((resolve, reject) => dns.lookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

export interface ConnectContext {
  trace: ExchangeTrace;
  signal: AbortSignal;
  resolve: HostResolver;
  /** Built once per route from its trusted roots; undefined means Node's defaults (incl. NODE_EXTRA_CA_CERTS). */
  secureContext: tls.SecureContext | undefined;
}

/**
 * Opens one fresh connection to the target along the route, timing each step
 * (DNS, TCP to the first hop, tunnel, TLS) and tagging any failure with it.
 * The one switch on the proxy protocol lives here.
 */
export async function openConnection(route: ConcreteRoute, target: ConnectTarget, ctx: ConnectContext): Promise<net.Socket> {
  if (route.protocol === "socks5" || route.protocol === "socks5h") await loadSocksClient();
  ctx.trace.mark("networkStart");
  const cleanup = new SocketSet();
  const abort = () => cleanup.destroyAll();
  ctx.signal.addEventListener("abort", abort, { once: true });
  try {
    const connecting = connectAlong(route, target, ctx, cleanup);
    // A destroyed socket does not always fail the step it is in (a TCP
    // connect or a TLS handshake just closes), so the deadline ends the
    // attempt itself; whatever it still yields is discarded.
    connecting.then(
      (socket) => ctx.signal.aborted && socket.destroy(),
      () => undefined,
    );
    return await raceAbort(connecting, ctx.signal);
  } catch (error) {
    cleanup.destroyAll();
    throw ctx.signal.aborted ? timedOut(ctx, route.protocol !== "direct", error) : error;
  } finally {
    ctx.signal.removeEventListener("abort", abort);
  }
}

async function connectAlong(route: ConcreteRoute, target: ConnectTarget, ctx: ConnectContext, sockets: SocketSet): Promise<net.Socket> {
  let socket: net.Socket;
  switch (route.protocol) {
    case "direct":
      socket = await connectDirect(target, ctx, sockets);
      break;
    case "http":
    case "https":
      socket = await connectViaHttpProxy(route, target, ctx, sockets);
      break;
    case "socks5":
    case "socks5h":
      socket = await connectViaSocks5(route, target, ctx, sockets);
      break;
  }
  if (!target.tls) return socket;
  return startTls(socket, target.host, ctx, sockets, route.protocol !== "direct");
}

async function connectDirect(target: ConnectTarget, ctx: ConnectContext, sockets: SocketSet): Promise<net.Socket> {
  const addresses = await resolveName(target.host, ctx, false);
  // Like curl: try each address in turn; the connect time covers them all.
  ctx.trace.enter("connect", "connectStart");
  let lastError: unknown;
  for (const address of addresses) {
    try {
      return await tcpConnect(address, target.port, "target", ctx, sockets, false);
    } catch (error) {
      lastError = error;
      if (ctx.signal.aborted) break;
    }
  }
  throw lastError;
}

async function connectViaHttpProxy(
  proxy: ProxyEndpoint,
  target: ConnectTarget,
  ctx: ConnectContext,
  sockets: SocketSet,
): Promise<net.Socket> {
  // The proxy resolves the API host itself, so there is no local DNS step.
  ctx.trace.enter("connect", "connectStart");
  let socket = await tcpConnect(proxy.host, proxy.port, "proxy", ctx, sockets, true);
  ctx.trace.enter("tunnel", "tunnelStart");
  if (proxy.protocol === "https") {
    socket = await tlsHandshake(socket, proxy.host, ctx, sockets, "proxy");
  }
  const authority = `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.username !== null) {
    const credentials = `${proxy.username}:${proxy.password ?? ""}`;
    headers["proxy-authorization"] = `Basic ${Buffer.from(credentials).toString("base64")}`;
  }
  const tunnel = await new Promise<net.Socket>((resolve, reject) => {
    const request = http.request({ method: "CONNECT", path: authority, headers, createConnection: () => socket });
    request.once("connect", (response: http.IncomingMessage, tunnelSocket: net.Socket, head: Buffer) => {
      const status = response.statusCode ?? 0;
      if (status < 200 || status > 299) {
        tunnelSocket.destroy();
        reject(
          new RouteConnectError(`proxy answered ${status} to CONNECT ${authority}`, {
            phase: "tunnel",
            hop: "proxy",
            viaProxy: true,
            proxyStatus: status,
          }),
        );
        return;
      }
      if (head.length > 0) tunnelSocket.unshift(head);
      resolve(tunnelSocket);
    });
    request.once("error", (error) => reject(stepError("tunnel", "proxy", true, error, "proxy connection failed during CONNECT")));
    request.once("response", (response: http.IncomingMessage) => {
      response.resume();
      reject(new RouteConnectError("proxy did not answer CONNECT as a proxy", { phase: "tunnel", hop: "proxy", viaProxy: true }));
    });
    request.end();
  });
  ctx.trace.mark("tunnelEnd");
  ctx.trace.tunnelEstablished = true;
  return tunnel;
}

async function connectViaSocks5(
  proxy: ProxyEndpoint,
  target: ConnectTarget,
  ctx: ConnectContext,
  sockets: SocketSet,
): Promise<net.Socket> {
  // socks5:// resolves the API host here; socks5h:// lets the proxy do it.
  const destination = proxy.protocol === "socks5" ? (await resolveName(target.host, ctx, true))[0] ?? target.host : target.host;
  ctx.trace.enter("connect", "connectStart");
  const socket = await tcpConnect(proxy.host, proxy.port, "proxy", ctx, sockets, true);
  ctx.trace.enter("tunnel", "tunnelStart");
  try {
    const tunnel = await socks5Handshake(await loadSocksClient(), socket, {
      proxy,
      destination: { host: destination, port: target.port },
      remainingMs: ctx.trace.remainingMs(),
    });
    ctx.trace.mark("tunnelEnd");
    ctx.trace.tunnelEstablished = true;
    return tunnel;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RouteConnectError(`SOCKS5 handshake failed: ${message}`, {
      phase: "tunnel",
      hop: "proxy",
      viaProxy: true,
      socksFailure: socksFailureName(message),
      cause: error,
    });
  }
}

function socksFailureName(message: string): string {
  if (/authentication failed/i.test(message)) return "AuthenticationFailed";
  if (/no accepted authentication type/i.test(message)) return "NoAcceptableAuth";
  const reply = /rejected connection - (\w+)/i.exec(message)?.[1];
  if (reply) return reply;
  if (/socket closed/i.test(message)) return "SocketClosed";
  return "Negotiation";
}

async function startTls(
  socket: net.Socket,
  servername: string,
  ctx: ConnectContext,
  sockets: SocketSet,
  viaProxy: boolean,
): Promise<net.Socket> {
  ctx.trace.enter("tls", "tlsStart");
  const secure = await tlsHandshake(socket, servername, ctx, sockets, "target", viaProxy);
  ctx.trace.mark("tlsEnd");
  return secure;
}

function tlsHandshake(
  socket: net.Socket,
  servername: string,
  ctx: ConnectContext,
  sockets: SocketSet,
  hop: ConnectHop,
  viaProxy = hop === "proxy",
): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      // What the certificate must be issued for. Over a socket we opened to
      // an address (a target or proxy given as an IP), Node knows no host
      // name and checked the certificate against "localhost" instead.
      host: servername,
      // SNI carries names only.
      ...(net.isIP(servername) ? {} : { servername }),
      ...(ctx.secureContext ? { secureContext: ctx.secureContext } : {}),
      ALPNProtocols: ["http/1.1"],
    });
    sockets.add(secure);
    const onError = (error: Error) => {
      reject(stepError("tls", hop, viaProxy, error, `TLS handshake with ${hop === "proxy" ? "the proxy" : servername} failed`));
    };
    secure.once("error", onError);
    secure.once("secureConnect", () => {
      secure.off("error", onError);
      resolve(secure);
    });
  });
}

function tcpConnect(
  host: string,
  port: number,
  hop: ConnectHop,
  ctx: ConnectContext,
  sockets: SocketSet,
  viaProxy: boolean,
): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    sockets.add(socket);
    const onError = (error: Error) => {
      reject(stepError("connect", hop, viaProxy, error, `TCP connection to the ${hop === "proxy" ? "proxy" : "API host"} failed`));
    };
    socket.once("error", onError);
    socket.once("connect", () => {
      ctx.trace.mark("connectEnd");
      socket.off("error", onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

async function resolveName(host: string, ctx: ConnectContext, viaProxy: boolean): Promise<string[]> {
  ctx.trace.enter("dns", "dnsStart");
  if (net.isIP(host)) {
    ctx.trace.mark("dnsEnd");
    return [host];
  }
  try {
    const addresses = await raceAbort(ctx.resolve(host), ctx.signal);
    ctx.trace.mark("dnsEnd");
    if (addresses.length === 0) throw Object.assign(new Error(`no address for ${host}`), { code: "ENOTFOUND" });
    return addresses.map((entry) => entry.address);
  } catch (error) {
    throw stepError("dns", "target", viaProxy, error, `cannot resolve ${host}`);
  }
}

function stepError(phase: "dns" | "connect" | "tunnel" | "tls", hop: ConnectHop, viaProxy: boolean, error: unknown, what: string) {
  const detail = error instanceof Error ? error.message : String(error);
  return new RouteConnectError(`${what}: ${detail}`, { phase, hop, viaProxy, cause: error });
}

function timedOut(ctx: ConnectContext, viaProxy: boolean, cause: unknown): RouteConnectError {
  const phase = ctx.trace.phase;
  const hop: ConnectHop = viaProxy && (phase === "connect" || phase === "tunnel") ? "proxy" : "target";
  return new RouteConnectError(`deadline reached during ${phase}`, { phase, hop, viaProxy, timedOut: true, cause });
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Every socket opened for one connection attempt, destroyed together on failure. */
class SocketSet {
  private readonly sockets: net.Socket[] = [];
  add(socket: net.Socket): void {
    this.sockets.push(socket);
  }
  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}
