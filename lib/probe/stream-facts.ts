import type { StreamReading } from "./read-event-stream";

/** What a streaming probe measured (the CLI's `stream` object; null for other kinds). */
export interface StreamFacts {
  /** Request sent → first content event (time to first token). */
  ttftMs: number | null;
  /** First content event → last. */
  streamMs: number | null;
  /** Content events received. */
  chunks: number;
  /** The longest wait between two content events. */
  maxGapMs: number | null;
  /** From the API's usage, when it sent one. */
  outputTokens: number | null;
  /** Output tokens over the time they streamed (first to last content event). */
  tokensPerSecond: number | null;
}

/**
 * Fewest content events for a stream to be judged buffered or not: an answer
 * of one or two chunks arrives "at once" either way.
 */
export const MIN_CHUNKS_TO_JUDGE = 4;

/**
 * Content events that arrive within this long of the one before are one
 * burst. An API streams its chunks as it makes them; a proxy, CDN or
 * gateway that buffers the answer hands the client a whole buffer's worth
 * of events at once.
 */
export const BURST_MS = 1.5;

/**
 * At most one burst per this many chunks counts as buffered: a proxy that
 * buffers the whole answer delivers one burst, one that flushes a buffer at
 * a time (nginx's 4–8 KB proxy buffers) a few.
 */
export const CHUNKS_PER_BUFFERED_BURST = 8;

/**
 * Within its bursts, a buffered answer comes faster than this per chunk
 * (4,000 chunks a second: a burst is handed over as fast as the network and
 * the parser go), which no API streams at: a fast one (Groq, Cerebras: a
 * token a millisecond or less) may make all its chunks one burst by the
 * gaps between them, but a burst spread over its whole answer.
 */
export const MAX_BUFFERED_MS_PER_CHUNK = 0.25;

export function streamFacts(reading: StreamReading, requestSentAt: number | null): StreamFacts {
  const times = reading.contentTimes;
  const first = times[0];
  const last = times[times.length - 1];
  let maxGap: number | null = null;
  for (let index = 1; index < times.length; index++) maxGap = Math.max(maxGap ?? 0, times[index]! - times[index - 1]!);
  const streamMs = first === undefined || last === undefined ? null : last - first;
  const outputTokens = reading.usage?.completionTokens ?? null;
  return {
    ttftMs: first === undefined || requestSentAt === null ? null : round(first - requestSentAt),
    streamMs: streamMs === null ? null : round(streamMs),
    chunks: times.length,
    maxGapMs: maxGap === null ? null : round(maxGap),
    outputTokens,
    tokensPerSecond: tokensPerSecond(outputTokens, streamMs),
  };
}

/** Output tokens over the time they streamed (first to last content event), to 0.1; null when either is unknown or the time is 0. */
export function tokensPerSecond(outputTokens: number | null, streamMs: number | null): number | null {
  if (outputTokens === null || streamMs === null || streamMs <= 0) return null;
  return Math.round((outputTokens / streamMs) * 1000 * 10) / 10;
}

/**
 * The answer came in a burst or a few, each all at once, although it was
 * many chunks: something between us and the API held the events back. Not
 * said when this process was too busy to read them as they came (they may
 * have waited for us), nor for an answer of too few chunks to tell.
 */
export function arrivedBuffered(reading: Pick<StreamReading, "contentTimes" | "busyReads">): boolean {
  const times = reading.contentTimes;
  if (times.length < MIN_CHUNKS_TO_JUDGE || reading.busyReads > 0) return false;
  const spans = burstSpans(times);
  if (spans.length > Math.max(1, Math.floor(times.length / CHUNKS_PER_BUFFERED_BURST))) return false;
  return spans.reduce((sum, span) => sum + span, 0) <= times.length * MAX_BUFFERED_MS_PER_CHUNK;
}

/** How many bursts the arrival times make (a gap of BURST_MS or more starts a new one). */
export function burstsIn(times: readonly number[]): number {
  return burstSpans(times).length;
}

/** The time each burst took, its first chunk to its last. */
function burstSpans(times: readonly number[]): number[] {
  const spans: number[] = [];
  let start = times[0];
  for (let index = 1; index <= times.length; index++) {
    if (index === times.length || times[index]! - times[index - 1]! >= BURST_MS) {
      spans.push(times[index - 1]! - start!);
      start = times[index];
    }
  }
  return spans;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
