import type net from "node:net";
import type { SocksClient, SocksClientOptions } from "socks";

/** Used when the caller has no deadline of its own (the library's own default). */
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;
/** Ours must fire first, so that a slow proxy is reported as our deadline, in the phase it hit. */
const LIBRARY_TIMEOUT_GRACE_MS = 1000;

type SocksClientClass = typeof SocksClient;
let socksClient: Promise<SocksClientClass> | null = null;

/**
 * The `socks` library (with its address parser, about a tenth of what a CLI
 * probe loads), loaded the first time a route needs it: direct and HTTP
 * proxy routes never do. Called before a probe's clock starts.
 */
export function loadSocksClient(): Promise<SocksClientClass> {
  // `socks` is CommonJS: in the CLI's ES module bundle its dynamic import gives only `default` (Node cannot see
  // the named exports behind its re-exports), from the sources and the CommonJS bundle the names as well.
  socksClient ??= import("socks").then((module) => module.SocksClient ?? (module as unknown as { default: typeof module }).default.SocksClient);
  return socksClient;
}

export interface Socks5HandshakeOptions {
  proxy: { host: string; port: number; username: string | null; password: string | null };
  destination: { host: string; port: number };
  /** Milliseconds left before the caller's own deadline, if it has one. */
  remainingMs: number | null;
}

/**
 * Runs the SOCKS5 handshake on an already connected socket and resolves with
 * the tunnel (the same socket). The `socks` client arms a timer for its
 * timeout that it never clears (socksclient.js `connect()` keeps no handle),
 * and that timer holds the client, which holds the socket and everything
 * later layered on it (the TLS socket, the HTTP exchange). So the timeout is
 * bounded by the probe's own deadline, and once the handshake settles the
 * client is cut loose from the socket: the timer then holds a few hundred
 * bytes until it fires instead of a whole connection.
 */
export function socks5Handshake(SocksClient: SocksClientClass, socket: net.Socket, options: Socks5HandshakeOptions): Promise<net.Socket> {
  const { proxy, destination } = options;
  const timeout =
    options.remainingMs === null ? DEFAULT_HANDSHAKE_TIMEOUT_MS : Math.max(1, Math.ceil(options.remainingMs)) + LIBRARY_TIMEOUT_GRACE_MS;
  const socksOptions: SocksClientOptions = {
    proxy: {
      host: proxy.host,
      port: proxy.port,
      type: 5,
      ...(proxy.username !== null ? { userId: proxy.username, password: proxy.password ?? "" } : {}),
    },
    command: "connect",
    destination,
    existing_socket: socket,
    timeout,
  };
  return new Promise<net.Socket>((resolve, reject) => {
    const client = new SocksClient(socksOptions);
    client.once("established", (info) => {
      client.removeAllListeners();
      // After the library's own setImmediate, which replays bytes that came
      // with the reply from the receive buffer.
      setImmediate(() => detachSocket(client));
      resolve(info.socket as net.Socket);
    });
    client.once("error", (error) => {
      client.removeAllListeners();
      detachSocket(client);
      reject(error);
    });
    client.connect(socket);
  });
}

/**
 * Drops the settled client's references to the socket. Its fields are
 * private in the typings, hence the cast; the library reads them only while
 * negotiating (its late timeout callback checks the state and does nothing
 * once the client is established or failed).
 */
function detachSocket(client: SocksClient): void {
  const fields = client as unknown as { socket?: unknown; receiveBuffer?: unknown; options: { existing_socket?: unknown } };
  fields.socket = undefined;
  fields.receiveBuffer = undefined;
  fields.options.existing_socket = undefined;
}
