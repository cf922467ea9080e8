// A feed with no incidents does not change between renderings, so neither
// does its ETag: a feed reader's If-None-Match gets a 304.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StatusPageResponder } from "@/lib/status/status-page-responder";
import { startTestService, type TestService } from "../../helpers/test-service";

let test: TestService;
beforeAll(async () => {
  test = await startTestService(`
targets:
  - name: api
    baseUrl: https://api.example.test/v1
    apiKey: sk-attack-test-key
proxies:
  - name: p
    url: http://127.0.0.1:9401
`);
});
afterAll(async () => { await test?.stop(); });

describe("feed ETag without incidents", () => {
  it("is stable while nothing changes", async () => {
    const responder = new StatusPageResponder();
    const now = Date.now();
    const first = responder.respondFeed(new Request("http://localhost/status/feed.xml"), test.service, now);
    const etag = first.headers.get("etag")!;
    const second = responder.respondFeed(new Request("http://localhost/status/feed.xml", { headers: { "if-none-match": etag } }), test.service, now + 6_000);
    expect(second.status).toBe(304);
  });
});
