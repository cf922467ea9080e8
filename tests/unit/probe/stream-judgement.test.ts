import { describe, expect, it } from "vitest";
import { readEventStream } from "@/lib/probe/read-event-stream";
import { arrivedBuffered, burstsIn } from "@/lib/probe/stream-facts";
import { readChatCompletionChunk } from "@/lib/providers/shared/openai-stream-events";
import { sseEvent } from "@/lib/simulator/sse";

/** Arrival times of `perRead` events per read, reads `gapMs` apart, for `chunks` chunks. */
function arrivals(chunks: number, perRead: number, gapMs: number): { contentTimes: number[]; contentReads: number; busyReads: number } {
  const contentTimes = Array.from({ length: chunks }, (_, index) => Math.floor(index / perRead) * gapMs);
  return { contentTimes, contentReads: Math.ceil(chunks / perRead), busyReads: 0 };
}

describe("whether a stream arrived buffered", () => {
  it.each([
    ["the whole answer in one read (a buffering gateway)", arrivals(20, 20, 0), true],
    ["two flushes of a proxy's buffer, 60 ms apart (nginx with 4 KB buffers)", { contentTimes: [...Array(17).fill(0), 60, 60, 60], contentReads: 2, busyReads: 0 }, true],
    ["one burst over a slow link: 5 events a read, 1.1 ms apart", arrivals(20, 5, 1.1), true],
    ["8 chunks in one read", arrivals(8, 8, 0), true],
    ["an API streaming a token every 15 ms", arrivals(20, 1, 15), false],
    ["a fast API (a token a millisecond): one burst by its gaps, but spread over the whole answer", arrivals(20, 1, 1), false],
    ["a faster one (a token every 0.4 ms, 2,500 a second)", arrivals(20, 1, 0.4), false],
    ["a fast API whose events come two at once", arrivals(20, 2, 1), false],
    ["a relay that holds the answer, then writes it event by event (20 pieces 0.05 ms apart)", arrivals(20, 1, 0.05), true],
    ["three chunks at once: too few to tell", arrivals(3, 3, 0), false],
    ["everything in one read after this process was busy (the events may have waited for us)", { ...arrivals(20, 20, 0), busyReads: 1 }, false],
    ["three bursts of a 20-chunk answer", { contentTimes: [...Array(7).fill(0), ...Array(7).fill(40), ...Array(6).fill(80)], contentReads: 3, busyReads: 0 }, false],
  ])("%s: %s", (_name, reading, buffered) => {
    expect(arrivedBuffered(reading)).toBe(buffered);
  });

  it("counts bursts by gaps of 1.5 ms or more", () => {
    expect(burstsIn([])).toBe(0);
    expect(burstsIn([0, 1.4, 2.8, 4.3, 10])).toBe(3);
    expect(burstsIn([5])).toBe(1);
  });
});

describe("reading a stream as it arrives", () => {
  const events = Array.from({ length: 20 }, (_, index) => sseEvent({ choices: [{ index: 0, delta: { content: ` ${index}` } }] })).join("") + sseEvent({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }) + sseEvent("[DONE]");
  const kind = { readEvent: ({ data }: { data: string }, status: number) => readChatCompletionChunk(data, status) };

  /** A body that delivers the whole answer in one piece after `wait` has run. */
  const bodyAfter = (wait: () => Promise<void>) =>
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        await wait();
        controller.enqueue(new TextEncoder().encode(events));
        controller.close();
      },
    });

  it("notes a read of several events that came while this process was busy, so it is not called buffered", async () => {
    const reading = await readEventStream(
      bodyAfter(async () => {
        const until = performance.now() + 60;
        while (performance.now() < until); // the event loop held, as a busy scheduler may
      }),
      200,
      kind,
    );
    expect(reading).toMatchObject({ contentReads: 1, busyReads: 1, ended: true });
    expect(reading.contentTimes).toHaveLength(20);
    expect(arrivedBuffered(reading)).toBe(false);
  });

  it("a read of several events after an idle wait is not busy: the events were held back on the way", async () => {
    // Long enough that the test runner's own work meanwhile is a small share of it.
    const reading = await readEventStream(bodyAfter(() => new Promise((resolve) => setTimeout(resolve, 400))), 200, kind);
    expect(reading).toMatchObject({ contentReads: 1, busyReads: 0, ended: true });
    expect(arrivedBuffered(reading)).toBe(true);
  });
});
