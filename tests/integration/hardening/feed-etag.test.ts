// A feed with no incidents does not change between renderings, so neither
// does its ETag: a feed reader's If-None-Match gets a 304.
import { describe, expect, it } from "vitest";
import { StatusPageResponder } from "@/lib/status/status-page-responder";
import { useHardeningService } from "./hardening-service";

const test = useHardeningService();

describe("feed ETag without incidents", () => {
  it("is stable while nothing changes", async () => {
    const responder = new StatusPageResponder();
    const now = Date.now();
    const first = await responder.respondFeed(new Request("http://localhost/status/feed.xml"), test.service, now);
    const etag = first.headers.get("etag")!;
    const second = await responder.respondFeed(new Request("http://localhost/status/feed.xml", { headers: { "if-none-match": etag } }), test.service, now + 6_000);
    expect(second.status).toBe(304);
  });
});
