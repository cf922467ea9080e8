import http from "node:http";
import https from "node:https";
import type net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A reverse proxy on loopback in front of a simulated API, as users put
 * nginx, a CDN or an LLM gateway in front of one: the base URL names the
 * gateway, which forwards each request to the same path upstream. With
 * `buffer: "whole"` it holds the whole answer and sends it in one write
 * (nginx's `proxy_buffering on`, a CDN that does not stream); with
 * `buffer: "events"` it holds it, then writes it on event by event, one
 * HTTP chunk each (a relay that collects the upstream's answer before
 * re-emitting it); without, it passes each piece on as it comes.
 */
export interface FakeGateway {
  origin: string;
  /** Requests forwarded. */
  forwarded: number;
  close(): Promise<void>;
}

export async function startGateway(options: { upstream: string; ca?: string; buffer: false | "whole" | "events" }): Promise<FakeGateway> {
  const upstream = new URL(options.upstream);
  if (upstream.hostname !== "127.0.0.1" && upstream.hostname !== "localhost" && upstream.hostname !== "[::1]") {
    throw new Error("the simulated gateway forwards to loopback only");
  }
  const client = upstream.protocol === "https:" ? https : http;
  const sockets = new Set<net.Socket>();
  const state = { forwarded: 0 };
  const server = http.createServer((request, response) => {
    state.forwarded += 1;
    const headers = { ...request.headers, host: upstream.host };
    const outgoing = client.request(
      { host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers, ...(options.ca ? { ca: options.ca } : {}) },
      (answer) => {
        const passed = { ...answer.headers };
        if (!options.buffer) {
          response.writeHead(answer.statusCode ?? 502, passed);
          answer.pipe(response);
          return;
        }
        const pieces: Buffer[] = [];
        answer.on("data", (piece: Buffer) => pieces.push(piece));
        answer.on("end", () => {
          const body = Buffer.concat(pieces);
          if (options.buffer === "events") {
            response.writeHead(answer.statusCode ?? 502, passed);
            for (const event of body.toString("utf8").split(/(?<=\r?\n\r?\n)/)) response.write(event);
            response.end();
            return;
          }
          delete passed["transfer-encoding"];
          response.writeHead(answer.statusCode ?? 502, { ...passed, "content-length": String(body.length) });
          response.end(body);
        });
        answer.on("error", () => response.destroy());
      },
    );
    outgoing.on("error", () => {
      if (!response.headersSent) response.writeHead(502, { "content-type": "text/html" });
      response.end("<html><head><title>502 Bad Gateway</title></head></html>");
    });
    request.pipe(outgoing);
  });
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get forwarded() {
      return state.forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
