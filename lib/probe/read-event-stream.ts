import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { UnexpectedResponseError, type ErrorBody } from "../classify/classify-outcome";
import type { StreamEvent, StreamingKind, TokenUsage } from "../providers/provider";

/** When each chunk of a streamed answer arrived, and how the stream finished. */
export interface StreamReading {
  /** performance.now() of the network read that brought each content event, in order. */
  contentTimes: number[];
  /** Network reads that brought content (several events in one read arrived together). */
  contentReads: number;
  /**
   * Reads that brought several content events after this process had been
   * busy (its event loop over 90 % utilised, for 5 ms or more, since the read
   * before): those events may have waited for us, not been held back on the way.
   */
  busyReads: number;
  usage: TokenUsage | null;
  /** The API's own end of the answer came (a finish reason or its last event). */
  ended: boolean;
  /** An error event the API sent inside the stream (reading stops there). */
  error: { status: number; body: ErrorBody } | null;
  /** The body failed while it was read (a cut connection, the deadline): the error, else null. */
  failure: unknown;
  /** Events read, content or not. */
  events: number;
}

/**
 * Events that arrived together may have waited for this process when its
 * event loop was busy at least this long and this much of the time since
 * the read before (or since the request was sent).
 */
const BUSY_MIN_MS = 5;
const BUSY_LOOP = 0.9;

/** Most bytes one event may hold before the stream is judged not to be a probe's answer. */
const MAX_EVENT_BYTES = 1024 * 1024;

/**
 * Reads a streamed answer as it arrives: each network read is timed on
 * arrival, split into server-sent events (eventsource-parser) and each event
 * read by the provider's kind. Stops at an error event or the body's end;
 * never throws for the body failing mid-way (the caller classifies a cut
 * stream), only for an event that is not this API's (UnexpectedResponseError).
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  status: number,
  kind: Pick<StreamingKind<unknown>, "readEvent">,
  /** The event loop's utilisation when the request was sent: the first read's wait is measured from there. */
  loopAtSend: EventLoopUtilization = performance.eventLoopUtilization(),
): Promise<StreamReading> {
  const reading: StreamReading = { contentTimes: [], contentReads: 0, busyReads: 0, usage: null, ended: false, error: null, failure: null, events: 0 };
  const pending: StreamEvent[] = [];
  let oversized = false;
  let lastEvent = false;
  const parser = createParser({
    onEvent: (event) => pending.push({ event: event.event ?? null, data: event.data }),
    onError: (error) => {
      if (error.type === "max-buffer-size-exceeded") oversized = true;
    },
    maxBufferSize: MAX_EVENT_BYTES,
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let loopSince = loopAtSend;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        reading.failure = error;
        break;
      }
      const arrivedAt = performance.now();
      const loop = performance.eventLoopUtilization(loopSince);
      loopSince = performance.eventLoopUtilization();
      let contentEvents = 0;
      // An event the body ends in the middle of is dropped, as the SDKs drop it: the stream was cut.
      parser.feed(chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true }));
      if (oversized) throw new UnexpectedResponseError(`HTTP ${status} with a streamed event larger than ${MAX_EVENT_BYTES / 1024 / 1024} MiB: not an answer to a probe`, status);
      for (const event of pending.splice(0)) {
        reading.events += 1;
        const facts = kind.readEvent(event, status);
        if (facts.usage) reading.usage = mergeUsage(reading.usage, facts.usage);
        if (facts.content) {
          reading.contentTimes.push(arrivedAt);
          contentEvents += 1;
        }
        if (facts.end) reading.ended = true;
        if (facts.error) reading.error = facts.error;
        if (facts.error || facts.end === "stream") {
          lastEvent = true;
          break;
        }
      }
      if (contentEvents > 0) reading.contentReads += 1;
      if (contentEvents > 1 && loop.active >= BUSY_MIN_MS && loop.utilization > BUSY_LOOP) reading.busyReads += 1;
      if (chunk.done || lastEvent) break;
    }
  } finally {
    // After the last event (or an error event, or one this API does not send)
    // nothing more is read. The body is not cancelled: the exchange's end
    // destroys its socket, which ends the request; cancelling aborts it, and
    // undici's client takes a socket closed under an aborted request as a
    // reason to connect again (a second tunnel through the proxy).
    reader.releaseLock();
  }
  return reading;
}

/** Usage told over several events (Anthropic: input tokens at the start, output tokens at the end): the latest known figure of each. */
function mergeUsage(before: TokenUsage | null, latest: TokenUsage): TokenUsage {
  const promptTokens = latest.promptTokens ?? before?.promptTokens ?? null;
  const completionTokens = latest.completionTokens ?? before?.completionTokens ?? null;
  const totalTokens = latest.totalTokens ?? (promptTokens !== null && completionTokens !== null ? promptTokens + completionTokens : null);
  return { promptTokens, completionTokens, totalTokens };
}
