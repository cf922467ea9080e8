// Every text of a probe result the upstream chose (message, apiErrorCode,
// apiErrorType, requestId) is redacted of the key and the proxy password and
// bounded, before it is stored, exported or shown.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeThrough, TEST_API_KEY } from "../../helpers/probe-harness";

let server: Server;
let base = "";
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.includes("/long/")) {
      res.writeHead(400, { "content-type": "application/json", "x-request-id": "r".repeat(7000) });
      res.end(JSON.stringify({ error: { message: "m", type: "t".repeat(200_000), code: "c".repeat(200_000) } }));
      return;
    }
    const key = String(req.headers.authorization ?? "").replace(/^Bearer /, "");
    res.writeHead(401, { "content-type": "application/json", "x-request-id": `req-${key}` });
    res.end(JSON.stringify({ error: { message: `bad key ${key}`, type: `invalid_request ${key}`, code: `invalid_api_key:${key}` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("secrets in the stored probe fields", () => {
  it("no field of the result holds the API key", async () => {
    const result = await probeThrough(base);
    expect(result.kind).toBe("auth_invalid");
    expect(result.message).not.toContain(TEST_API_KEY);
    expect(JSON.stringify({ code: result.apiErrorCode, type: result.apiErrorType, requestId: result.requestId })).not.toContain(TEST_API_KEY);
  });
  it("apiErrorCode, apiErrorType and requestId are bounded like message (500)", async () => {
    const result = await probeThrough(base.replace("/v1", "/long/v1"));
    expect(result.apiErrorCode?.length ?? 0).toBeLessThanOrEqual(500);
    expect(result.apiErrorType?.length ?? 0).toBeLessThanOrEqual(500);
    expect(result.requestId?.length ?? 0).toBeLessThanOrEqual(500);
  });
});
