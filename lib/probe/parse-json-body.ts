import { UnexpectedResponseError } from "../classify/classify-outcome";

/** A 2xx body as JSON; an empty, HTML or other non-JSON body is an UnexpectedResponseError saying which. */
export function parseJsonBody(text: string, status: number): unknown {
  if (text.trim() === "") throw new UnexpectedResponseError(`HTTP ${status} but the body is empty`, status);
  try {
    return JSON.parse(text);
  } catch {
    const html = /^\s*</.test(text);
    throw new UnexpectedResponseError(
      html
        ? `HTTP ${status} with an HTML page instead of JSON (a captive portal or a wrong endpoint?)`
        : `HTTP ${status} with a non-JSON body: ${JSON.stringify(text.slice(0, 80))}`,
      status,
    );
  }
}
