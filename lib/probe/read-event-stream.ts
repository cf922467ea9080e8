import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { UnexpectedResponseError, type ErrorBody } from "../classify/classify-outcome";
import type { StreamEvent, StreamEventReading, StreamingKind, TokenUsage } from "../providers/provider";

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
  /** An event, or a stream, that is not an answer to a probe (reading stopped there). */
  invalid: UnexpectedResponseError | null;
  /** What the API said of an answer that is usable but worth a look (a blocked prompt). */
  note: string | null;
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
 * Most events and bytes a probe's stream may hold: the probes ask for a short
 * answer (at most 64 tokens: a few hundred events at most); an upstream that
 * streams without end must not cost the process memory and CPU until the
 * deadline.
 */
export const MAX_STREAM_EVENTS = 10_000;
export const MAX_STREAM_BYTES = 4 * 1024 * 1024;

/**
 * Pieces of the body handed over within this long of each other came in one
 * network read: undici hands over each HTTP chunk on its own, so a read
 * holding several chunks arrives as several pieces microseconds apart.
 */
const SAME_READ_MS = 0.25;

/**
 * Reads a streamed answer as it arrives: each network read is timed on
 * arrival, split into server-sent events (eventsource-parser) and each event
 * read by the provider's kind. Stops at an error event, the API's last
 * event, the body's end, or an event (or a stream) that is not an answer to
 * a probe (`invalid`). Never throws: a body failing mid-way is `failure`.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  status: number,
  kind: Pick<StreamingKind<unknown>, "readEvent">,
  /** The event loop's utilisation when the request was sent: the first read's wait is measured from there. */
  loopAtSend: EventLoopUtilization = performance.eventLoopUtilization(),
): Promise<StreamReading> {
  const reading: StreamReading = { contentTimes: [], contentReads: 0, busyReads: 0, usage: null, ended: false, note: null, error: null, failure: null, invalid: null, events: 0 };
  const pending: StreamEvent[] = [];
  let oversized = false;
  const parser = createParser({
    onEvent: (event) => pending.push({ event: event.event ?? null, data: event.data }),
    onError: (error) => {
      if (error.type === "max-buffer-size-exceeded") oversized = true;
    },
    maxBufferSize: MAX_EVENT_BYTES,
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const read = { at: -Infinity, contentEvents: 0, loop: null as EventLoopUtilization | null };
  let loopSince = loopAtSend;
  let bytes = 0;
  let stop = false;
  const endRead = () => {
    if (read.contentEvents > 0) reading.contentReads += 1;
    if (read.contentEvents > 1 && read.loop && read.loop.active >= BUSY_MIN_MS && read.loop.utilization > BUSY_LOOP) reading.busyReads += 1;
    read.contentEvents = 0;
  };
  try {
    while (!stop) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        reading.failure = error;
        break;
      }
      const arrivedAt = performance.now();
      if (arrivedAt - read.at > SAME_READ_MS) {
        endRead();
        read.loop = performance.eventLoopUtilization(loopSince);
        loopSince = performance.eventLoopUtilization();
      }
      read.at = arrivedAt;
      bytes += chunk.value?.byteLength ?? 0;
      // An event the body ends in the middle of is dropped, as the SDKs drop it: the stream was cut.
      parser.feed(chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true }));
      if (oversized) {
        reading.invalid = new UnexpectedResponseError(`HTTP ${status} with a streamed event larger than ${MAX_EVENT_BYTES / 1024 / 1024} MiB: not an answer to a probe`, status);
        break;
      }
      for (const event of pending.splice(0)) {
        reading.events += 1;
        let facts: StreamEventReading;
        try {
          facts = kind.readEvent(event, status);
        } catch (error) {
          if (!(error instanceof UnexpectedResponseError)) throw error;
          reading.invalid = error;
          stop = true;
          break;
        }
        if (facts.usage) reading.usage = mergeUsage(reading.usage, facts.usage);
        if (facts.note) reading.note = facts.note;
        if (facts.content) {
          reading.contentTimes.push(arrivedAt);
          read.contentEvents += 1;
        }
        if (facts.end) reading.ended = true;
        if (facts.error) reading.error = facts.error;
        if (facts.error || facts.end === "stream") {
          stop = true;
          break;
        }
      }
      if (!stop && (reading.events > MAX_STREAM_EVENTS || bytes > MAX_STREAM_BYTES)) {
        reading.invalid = new UnexpectedResponseError(
          `HTTP ${status} with a stream of more than ${reading.events > MAX_STREAM_EVENTS ? `${MAX_STREAM_EVENTS.toLocaleString("en")} events` : `${MAX_STREAM_BYTES / 1024 / 1024} MiB`}: not an answer to a probe's short request (an endless or runaway stream)`,
          status,
        );
        stop = true;
      }
      if (chunk.done) stop = true;
    }
    endRead();
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
