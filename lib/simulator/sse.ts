import type http from "node:http";
import { resetConnection } from "./reset-connection";

/** One server-sent event as an API writes it: `event:` (when it has a name) and `data:` lines, then a blank line. */
export function sseEvent(data: unknown, event?: string): string {
  const text = typeof data === "string" ? data : JSON.stringify(data);
  return `${event ? `event: ${event}\n` : ""}data: ${text}\n\n`;
}

/** How a simulated stream ends: whole, or broken off after `after` events. */
export type StreamBreak = { after: number; how: "end" | "reset" | "stall" } | null;

/**
 * Writes a streamed answer one event at a time, `gapMs` apart, as an API
 * sends tokens while it makes them (each event its own write, so each its
 * own TLS record and TCP segment). A break ends it early: cleanly (a gateway
 * closing at its timeout), with a reset, or by going silent.
 */
export function writePacedEvents(
  response: http.ServerResponse,
  headers: Record<string, string>,
  events: readonly string[],
  { gapMs, cut = null }: { gapMs: number; cut?: StreamBreak },
): void {
  response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive", ...headers });
  response.flushHeaders();
  let index = 0;
  let timer: NodeJS.Timeout | null = null;
  response.on("close", () => timer && clearTimeout(timer));
  const next = () => {
    if (response.destroyed) return;
    if (cut && index === cut.after) {
      if (cut.how === "end") response.end();
      else if (cut.how === "reset") resetConnection(response.socket);
      return; // "stall": nothing more, ever
    }
    if (index === events.length) {
      response.end();
      return;
    }
    response.write(events[index++]);
    timer = setTimeout(next, gapMs);
  };
  next();
}
