import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

// Each handler declares its own params shape (none here: these paths have no segments).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

/** A real HTTP server on loopback in front of route handlers, for clients that speak HTTP (the CLI, raw sockets). */
export async function serveHandlers(routes: Record<string, Handler>, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const handler = routes[url.pathname];
    if (!handler) {
      outgoing.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
    const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
    // The body streams through as Next passes it (not read up front), so a handler's own limits apply.
    const body = hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined;
    const init = { method: incoming.method, headers, body, duplex: "half" } as RequestInit;
    const response = await handler(new Request(`http://127.0.0.1${incoming.url}`, init), { params: Promise.resolve({}) });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${bound}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
