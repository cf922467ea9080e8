import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { isIPv6, type Socket } from "node:net";

/**
 * Which client sent a request, for rate limits: the TCP peer's address, or,
 * behind reverse proxies the operator trusts (PROXYPULSE_TRUST_PROXY = how
 * many), the address the nearest of them recorded in X-Forwarded-For.
 *
 * Next's route handlers never see the socket, and X-Forwarded-For alone
 * cannot be trusted: Next's server sets it from the socket only when the
 * client did not send one (`??=` in next/dist/server/base-server.js), so a
 * client chooses its own value. Instead, Node publishes every incoming
 * request on the `http.server.request.start` diagnostics channel before the
 * server's request handler (Next's) runs; the subscriber installed from
 * instrumentation.ts overwrites our own header there with the socket address
 * and a per-process random tag. A client can send the header too, but cannot
 * know the tag, so only the value we set is believed.
 */
export const PEER_HEADER = "x-proxypulse-peer";

const TAG_KEY = Symbol.for("proxypulse.peerTag");
type TagHolder = { [TAG_KEY]?: string };

/** Subscribes once per process (route bundles and instrumentation share `globalThis`, not modules). */
export function installPeerAddressTag(): void {
  const holder = globalThis as TagHolder;
  if (holder[TAG_KEY]) return;
  const tag = randomBytes(16).toString("hex");
  holder[TAG_KEY] = tag;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = `${tag} ${socket.remoteAddress ?? "unknown"}`;
  });
}

/** The client's address (see above; an IPv6 client's /64); "unknown" when neither source is available (one shared bucket). */
export function clientAddress(request: Request, trustedProxies: number): string {
  const peer = taggedPeer(request.headers.get(PEER_HEADER));
  if (trustedProxies > 0) {
    // Each trusted proxy appends the address it saw; entries left of those are the client's own claims.
    const hops = (request.headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    const recorded = hops[hops.length - trustedProxies];
    if (hops.length >= trustedProxies && recorded) return normalize(recorded);
  }
  return peer ? normalize(peer) : "unknown";
}

function taggedPeer(value: string | null): string | null {
  const tag = (globalThis as TagHolder)[TAG_KEY];
  if (!tag || !value) return null;
  const [given, address] = value.split(" ");
  return given === tag && address ? address : null;
}

/**
 * IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d. An IPv6
 * client counts as its /64: one host is usually given a whole /64, and would
 * otherwise have 2^64 fresh addresses for every limit.
 */
function normalize(address: string): string {
  const bare = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase();
  return isIPv6(bare) ? ipv6Prefix64(bare) : bare;
}

function ipv6Prefix64(address: string): string {
  let canonical: string;
  try {
    // The URL parser writes IPv6 the one canonical way (embedded IPv4 as hex too).
    canonical = new URL(`http://[${address}]`).hostname.slice(1, -1);
  } catch {
    return address; // a zone id (fe80::1%eth0): link-local, rare enough to keep whole
  }
  const [head = "", tail] = canonical.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${new URL(`http://[${groups.slice(0, 4).join(":")}::]`).hostname.slice(1, -1)}/64`;
}
