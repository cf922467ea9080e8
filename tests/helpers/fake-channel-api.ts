import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Received } from "./receivers";

export interface FakeAnswer {
  status: number;
  body?: unknown;
}

/**
 * A loopback stand-in for a notification service's API: records every
 * request (path with query, headers, body) and answers with `answer(request)`,
 * which the test swaps to make it refuse like the real service does.
 */
export async function startFakeChannelApi(answer: (request: Received) => FakeAnswer) {
  const received: Received[] = [];
  const state = { answer };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const entry: Received = { path: request.url ?? "/", headers: request.headers, body, json };
      received.push(entry);
      const reply = state.answer(entry);
      if (reply.body === undefined) response.writeHead(reply.status).end();
      else response.writeHead(reply.status, { "content-type": "application/json" }).end(typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith: (next: (request: Received) => FakeAnswer) => (state.answer = next),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
