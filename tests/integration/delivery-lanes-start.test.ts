import { describe, expect, it } from "vitest";
import { DeliveryLanes } from "@/lib/notifications/delivery-lanes";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { SecretBox } from "@/lib/secrets/secret-box";
import { startReceiver } from "../helpers/receivers";
import { createTestStore } from "../helpers/test-store";

/**
 * Reading which channels are due is asynchronous: starts that overlap (the
 * delivery timer, a lane handing its slot on, deliverNow) must not open two
 * lanes for one channel nor more lanes than the cap. On SQLite, and on
 * PostgreSQL in the "postgresql" project (vitest.config.ts).
 */
describe("delivery lanes started while another start reads the outbox", () => {
  it.each<[string, number, number]>([
    // channels with something due, the cap, lanes expected
    ["one channel, two starts at once: one lane", 1, 8],
    ["three channels, a cap of two: two lanes", 3, 2],
  ])("%s", async (_case, channels, maxChannels) => {
    const receiver = await startReceiver();
    const temp = await createTestStore();
    const box = new SecretBox(Buffer.alloc(32, 5));
    const { store } = temp;
    try {
      for (let i = 0; i < channels; i++) await temp.prisma.notificationChannel.create({ data: { name: `c${i}`, type: "webhook", settingsSecret: box.seal(JSON.stringify({ url: `${receiver.url}/c${i}` })) } });
      const now = Date.now();
      await enqueueNotification(store.outbox, { id: "m1", event: "test", route: null, target: null, kind: null, hint: null, at: new Date(now).toISOString(), url: receiver.url, state: null, previousState: null, durationMs: null, flaps: 0, quota: null }, "m1", now);
      const lanes = new DeliveryLanes(store.outbox, box, { policy: { baseDelayMs: 10, maxAttempts: 3, claimMs: 60_000 }, maxChannels });
      const started = (await Promise.all([lanes.start(now), lanes.start(now)])).flat();
      expect(started).toHaveLength(Math.min(channels, maxChannels));
      await lanes.idle();
      await lanes.fill();
      await lanes.idle();
      expect(receiver.received).toHaveLength(channels);
    } finally {
      await temp.cleanup();
      await receiver.close();
    }
  });
});
