import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as testRouteApi from "@/app/api/probes/test/route";
import { TESTS_PER_MINUTE } from "@/lib/management/test-route-budget";
import { call, startTestService, type TestService } from "../helpers/test-service";

let test: TestService;
let api: http.Server;
let apiUrl: string;
let requests = 0;

beforeAll(async () => {
  api = http.createServer((_request, response) => {
    requests += 1;
    response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "bad key", code: "invalid_api_key" } }));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  test = await startTestService(`
timeoutMs: 2000
probeNowCooldownSeconds: 30
proxies:
  - name: direct
    url: direct
`);
});

afterAll(async () => {
  await test?.stop();
  await new Promise<void>((resolve) => api.close(() => resolve()));
});

describe("test before saving: budget", () => {
  it("is kept per caller and route, so variations of the same test do not bypass it", async () => {
    const first = await call(testRouteApi.POST, { method: "POST", body: { target: { baseUrl: `${apiUrl}/v1`, apiKey: "sk-a", probe: "models" } } });
    expect(first.status).toBe(200);
    expect(requests).toBe(1);
    const variations = [
      { target: { baseUrl: `${apiUrl}/v1`, apiKey: "sk-a", probe: "models", model: "other-model" } },
      { target: { baseUrl: `${apiUrl}/v1/`, apiKey: "sk-a", probe: "models" } },
      { target: { baseUrl: `${apiUrl}/elsewhere`, apiKey: "sk-b", probe: "chat" } },
      { target: { probe: "models", apiKey: "sk-a", baseUrl: `${apiUrl}/v1` } },
      { target: { baseUrl: `${apiUrl.replace("127.0.0.1", "127.0.0.1")}/v1`, apiKey: "sk-a" }, proxyUrl: "direct" },
    ];
    for (const body of variations) {
      const response = await call(testRouteApi.POST, { method: "POST", body });
      expect({ body, status: response.status, code: response.json.error?.code }).toEqual({ body, status: 429, code: "rate_limited" });
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
    }
    expect(requests).toBe(1);
  });

  it(`allows at most ${TESTS_PER_MINUTE} tests a minute per caller, whatever they test`, async () => {
    // Other routes (closed loopback ports): each its own cooldown, all one caller's budget.
    const statuses: number[] = [];
    for (let port = 1; statuses.length < TESTS_PER_MINUTE + 2; port++) {
      const response = await call(testRouteApi.POST, { method: "POST", body: { target: { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: "k", probe: "models" } } });
      statuses.push(response.status);
      if (response.status === 429) expect(response.json.error.message).toMatch(new RegExp(`At most ${TESTS_PER_MINUTE} tests a minute`));
    }
    // The first test of the previous case counts too.
    expect(statuses).toEqual([...Array(TESTS_PER_MINUTE - 1).fill(200), 429, 429, 429]);
  });
});
