import { afterAll, beforeAll } from "vitest";
import { startTestService, type TestService } from "../../helpers/test-service";

/** The hardening tests' key: it must never appear in anything they read back. */
export const HARDENING_API_KEY = "sk-attack-test-key";

const CONFIG = `
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: ${HARDENING_API_KEY}
proxies:
  - name: p
    url: http://127.0.0.1:9401
`;

/** A service with one target and one (unreachable) proxy for the file's tests, started before them and stopped after. */
export function useHardeningService(): { readonly service: TestService["service"] } {
  let test: TestService | undefined;
  beforeAll(async () => {
    test = await startTestService(CONFIG);
  });
  afterAll(async () => {
    await test?.stop();
  });
  return {
    get service() {
      if (!test) throw new Error("the hardening service is used before beforeAll ran");
      return test.service;
    },
  };
}
