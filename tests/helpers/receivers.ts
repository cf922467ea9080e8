import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
}

/**
 * An HTTP receiver on loopback that records what arrives and answers like the
 * real service would (`reply`), failing the first `failFirst` requests.
 */
export async function startReceiver(reply: (request: Received) => unknown = () => ({ ok: true }), options: { failFirst?: number } = {}) {
  const received: Received[] = [];
  let failures = options.failFirst ?? 0;
  let alwaysFail = false;
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
      const entry = { path: request.url ?? "/", headers: request.headers, body, json };
      if (alwaysFail || failures > 0) {
        failures -= 1;
        response.writeHead(500, { "content-type": "text/plain" }).end("receiver down");
        return;
      }
      received.push(entry);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply(entry)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failAlways: (fail: boolean) => (alwaysFail = fail),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A real SMTP server (smtp-server) on loopback that keeps every message. */
export async function startSmtpReceiver() {
  const messages: Array<{ from: string; to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A receiver that accepts requests and never answers them (a hung webhook),
 * until `answer(true)`: from then on it confirms what arrives. `open` counts
 * requests left hanging; `close` drops them.
 */
export async function startHangingReceiver() {
  const received: Received[] = [];
  let answering = false;
  let open = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ path: request.url ?? "/", headers: request.headers, body, json: JSON.parse(body) });
      if (answering) {
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      open += 1;
      response.on("close", () => (open -= 1));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    open: () => open,
    answer: (yes: boolean) => (answering = yes),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
