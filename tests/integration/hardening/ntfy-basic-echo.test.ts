// ntfy with user + password sends Basic base64(user:password): a refusal
// that quotes the Authorization header is redacted before it is stored or
// shown, including that base64 form.
import { describe, expect, it } from "vitest";
import * as channelTestApi from "@/app/api/notifications/[id]/test/route";
import * as channelsApi from "@/app/api/notifications/route";
import * as deliveriesApi from "@/app/api/deliveries/route";
import { startFakeChannelApi } from "../../helpers/fake-channel-api";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const test = useHardeningService();

describe("ntfy basic auth echoed in a refusal", () => {
  it("the delivery log never holds something that decodes to the password", async () => {
    const password = "hunter2-NTFY-password-secret";
    const api = await startFakeChannelApi((request) => ({ status: 401, body: { code: 40101, http: 401, error: `unauthorized: ${String(request.headers.authorization)}` } }));
    try {
      const created = await call(channelsApi.POST as never, { method: "POST", body: { name: "ntfy-basic", type: "ntfy", server: api.url, topic: "pp-alerts-topic-secret", user: "phil", password } });
      expect(created.status, created.text).toBeLessThan(300);
      const id = String(created.json.id ?? created.json.channel?.id);
      const sent = await call(channelTestApi.POST as never, { method: "POST", params: { id } });
      const lastError: string = sent.json.delivery.lastError;
      const shown = (await call(deliveriesApi.GET as never)).text;
      for (const text of [lastError, shown]) {
        const decoded = [...text.matchAll(/[A-Za-z0-9+/=]{16,}/g)].map((m) => Buffer.from(m[0], "base64").toString("utf8")).join(" ");
        expect(text + " | " + decoded).not.toContain(password);
      }
    } finally {
      await api.close();
    }
  });
});
