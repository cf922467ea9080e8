// A proxy that refuses with 407 and quotes the Proxy-Authorization header:
// neither the password nor base64(user:password) reaches the stored message.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeThrough } from "../../helpers/probe-harness";

let proxy: Server;
let port = 0;
beforeAll(async () => {
  proxy = createServer((req, res) => {
    const auth = String(req.headers["proxy-authorization"] ?? "");
    res.writeHead(407, { "content-type": "text/plain", "proxy-authenticate": "Basic" });
    res.end(`Proxy auth failed for ${auth}`);
  });
  proxy.on("connect", (req, socket) => {
    const auth = String(req.headers["proxy-authorization"] ?? "");
    socket.end(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: ${auth.length + 12}\r\n\r\nbad creds: ${auth}`);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  port = (proxy.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

const PASSWORD = "Pr0xy-Password-Secret-42";
const decodeAll = (text: string) => [...text.matchAll(/[A-Za-z0-9+/=]{12,}/g)].map((m) => Buffer.from(m[0], "base64").toString("utf8")).join(" ");

describe("proxy password echoed as Basic credentials", () => {
  it.each(["http://127.0.0.1:18080/v1", "https://127.0.0.1:18443/v1"])("probe to %s: message and errorChain hold nothing that decodes to the password", async (baseUrl) => {
    const result = await probeThrough(baseUrl, { proxy: `http://bob:${PASSWORD}@127.0.0.1:${port}` });
    const text = [result.message, ...(result.errorChain ?? []), result.apiErrorCode ?? ""].join(" ");
    console.log(result.kind, text.slice(0, 300));
    expect(text + " | " + decodeAll(text)).not.toContain(PASSWORD);
  });
});
