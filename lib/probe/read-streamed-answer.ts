import type { EventLoopUtilization } from "node:perf_hooks";
import { classification, innermostMessage, okClassification, UnexpectedResponseError, type Classification } from "../classify/classify-outcome";
import type { AnyProvider } from "../providers/registry";
import type { StreamingKind, TokenUsage } from "../providers/provider";
import { parseJsonBody } from "./parse-json-body";
import { readEventStream } from "./read-event-stream";
import { arrivedBuffered, burstsIn, streamFacts, type StreamFacts } from "./stream-facts";
import type { ExchangeTrace } from "./timings";

export interface StreamedOutcome {
  classification: Classification;
  usage: TokenUsage | null;
  midStream: boolean;
  stream: StreamFacts | null;
}

/**
 * Reads a streaming kind's 2xx answer as it arrives and says what it was:
 * complete and streamed (ok), buffered on the way (stream_buffered), cut or
 * ended before the API's own end (stream_interrupted), an error the API sent
 * inside the stream (the kind its body reads as, marked midStream), or not a
 * stream at all.
 */
export async function readStreamedAnswer(
  response: Response,
  kind: StreamingKind<unknown>,
  provider: AnyProvider,
  { trace, deadline, timeoutMs, loopAtSend }: { trace: ExchangeTrace; deadline: AbortSignal; timeoutMs: number; loopAtSend: EventLoopUtilization },
): Promise<StreamedOutcome> {
  const contentType = response.headers.get("content-type") ?? "";
  // Like the SDKs, a body without a content type is read as events when a stream was asked for.
  if (contentType !== "" && !/^text\/event-stream\b/i.test(contentType)) return notAStream(response, contentType, provider);

  const body = decompressed(response);
  if (!body) {
    throw new UnexpectedResponseError(`HTTP ${response.status} stream compressed as "${response.headers.get("content-encoding")}" although the probe asked for none (accept-encoding: identity)`, response.status);
  }
  const reading = await readEventStream(body, response.status, kind, loopAtSend);
  if (!trace.has("end")) trace.mark("end");
  trace.enter("done");
  const stream = streamFacts(reading, trace.timeOf("requestSent"));
  const outcome = (verdict: Classification, midStream = false): StreamedOutcome => ({ classification: verdict, usage: reading.usage, midStream, stream });
  const sofar = describeSoFar(stream);

  if (reading.invalid) return outcome(classification("unexpected_response", reading.invalid.message, { httpStatus: response.status }));
  if (reading.error) {
    const verdict = provider.classifyApiAnswer({ status: reading.error.status, headers: response.headers, body: reading.error.body });
    return outcome({ ...verdict, httpStatus: response.status, message: `Mid-stream (HTTP ${response.status} stream, ${sofar}): ${verdict.message}` }, true);
  }
  if (reading.failure !== null) {
    if (deadline.aborted) return outcome(classification("timeout", `the stream began but did not finish within ${timeoutMs} ms (${sofar})`, { httpStatus: response.status }));
    return outcome(classification("stream_interrupted", `the stream was cut (${sofar}): ${innermostMessage(reading.failure)}`, { httpStatus: response.status }));
  }
  if (!reading.ended) {
    return outcome(classification("stream_interrupted", `the stream ended without ${kind.endEvent} (${sofar})`, { httpStatus: response.status }));
  }
  if (arrivedBuffered(reading)) {
    const bursts = burstsIn(reading.contentTimes);
    return outcome(
      classification(
        "stream_buffered",
        `all ${stream.chunks} chunks of the answer arrived in ${bursts === 1 ? "one burst" : `${bursts} bursts`}, ${formatMs(stream.ttftMs)} after the request: the API streams them as it writes them, so something between us and the API held them back`,
        { httpStatus: response.status },
      ),
    );
  }
  const ok = okClassification(response.status);
  if (reading.note) ok.message = reading.note;
  else if (stream.chunks === 0) ok.message = `HTTP ${response.status} OK, but the stream carried no output (a reasoning model may have spent the probe's tokens thinking)`;
  return outcome(ok);
}

/**
 * The body as the API wrote it. The probe asks for no compression, but a
 * gateway may compress anyway (which also makes it buffer); an app's fetch
 * undoes gzip and deflate, and so does this. Null for an encoding it cannot undo.
 */
function decompressed(response: Response): ReadableStream<Uint8Array> | null {
  const encoding = (response.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return response.body!;
  if (encoding === "gzip" || encoding === "x-gzip") return response.body!.pipeThrough(new DecompressionStream("gzip"));
  if (encoding === "deflate") return response.body!.pipeThrough(new DecompressionStream("deflate"));
  return null;
}

/**
 * A 2xx that is not a stream of events: an error object (as some gateways
 * answer 200), or a whole answer from a server or gateway that does not
 * stream, which an app asking for a stream would read as nothing.
 */
async function notAStream(response: Response, contentType: string, provider: AnyProvider): Promise<StreamedOutcome> {
  const text = await response.text();
  const json = parseJsonBody(text, response.status);
  if (isErrorShaped(json)) {
    return { classification: provider.classifyApiAnswer({ status: response.status, headers: response.headers, body: { json, text } }), usage: null, midStream: false, stream: null };
  }
  throw new UnexpectedResponseError(
    `HTTP ${response.status} with a whole answer (${contentType || "no content type"}) instead of a stream of events (text/event-stream): the server, or a gateway in between, does not stream`,
    response.status,
  );
}

/** `{ "error": … }`, or an array of one (Gemini's streaming endpoints): how the APIs shape an error. */
function isErrorShaped(json: unknown): boolean {
  const record = Array.isArray(json) && json.length === 1 ? json[0] : json;
  return Boolean(record) && typeof record === "object" && "error" in (record as object);
}

function describeSoFar(stream: StreamFacts): string {
  if (stream.chunks === 0) return "before any output";
  return `after ${stream.chunks} chunk${stream.chunks === 1 ? "" : "s"} over ${formatMs(stream.streamMs)}`;
}

function formatMs(ms: number | null): string {
  return ms === null ? "an unknown time" : `${Math.round(ms)} ms`;
}
