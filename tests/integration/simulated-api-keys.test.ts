import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIMULATED_API_KEY, startFakeOpenAI, type FakeOpenAI } from "@/lib/simulator/simulated-api";
import { probeThrough } from "../helpers/probe-harness";

let api: FakeOpenAI;
let defaults: FakeOpenAI;

beforeAll(async () => {
  api = await startFakeOpenAI({ apiKeys: ["sk-right-key-0000000000001", "sk-second-key-000000000002"] });
  defaults = await startFakeOpenAI();
});

afterAll(async () => {
  await api?.close();
  await defaults?.close();
});

const get = (server: FakeOpenAI, authorization: string | null) =>
  fetch(`${server.baseUrl("ok")}/models`, { headers: authorization === null ? {} : { authorization } });

describe("the simulated API checks the key like the real one", () => {
  it.each(["sk-right-key-0000000000001", "sk-second-key-000000000002"])("accepts a configured key (%s)", async (key) => {
    expect((await get(api, `Bearer ${key}`)).status).toBe(200);
  });

  it("accepts SIMULATED_API_KEY when no keys are configured, and says which key that is", async () => {
    expect(defaults.apiKey).toBe(SIMULATED_API_KEY);
    expect((await get(defaults, `Bearer ${SIMULATED_API_KEY}`)).status).toBe(200);
    expect((await get(defaults, "Bearer sk-anything-else-00000000")).status).toBe(401);
  });

  it("answers a wrong key with OpenAI's exact 401 body, the key masked as OpenAI masks it", async () => {
    const response = await get(api, "Bearer sk-wrongKEYabcdefgh1234");
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(
      '{"error":{"message":"Incorrect API key provided: sk-wrong***********1234. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}',
    );
  });

  it("answers a missing key with OpenAI's 'You didn't provide an API key'", async () => {
    const response = await get(api, null);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { message: expect.stringMatching(/^You didn't provide an API key\./), type: "invalid_request_error", param: null, code: null } });
  });

  it("checks the key before the scenario, as the real API does (a wrong key never reaches the quota answer)", async () => {
    const result = await probeThrough(api.baseUrl("quota"), { options: { apiKey: "sk-wrongKEYabcdefgh1234" } });
    expect(result).toMatchObject({ ok: false, kind: "auth_invalid", httpStatus: 401, apiErrorCode: "invalid_api_key" });
    expect(result.message).not.toContain("sk-wrongKEYabcdefgh1234");
  });
});
