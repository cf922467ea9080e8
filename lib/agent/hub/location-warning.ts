import { log } from "../../log";
import { agentHubState } from "./agent-hub-state";

/** A location's warnings of one kind are logged at most this often, each with the count since the last line. */
const EVERY_MS = 60_000;

/**
 * Counts `count` more of something wrong with a location's agent (results
 * it lost, results timed out of bounds…) and logs them, with the count since
 * the last line, at most once a minute per location and kind: an agent
 * with a full disk or a wrong clock sends such news with every heartbeat or
 * batch.
 */
export function warnAboutLocation(kind: string, location: { id: number }, count: number, now: number, line: (count: number) => string): void {
  if (count <= 0) return;
  const key = `${kind}:${location.id}`;
  const warnings = agentHubState().warnings;
  const last = warnings.get(key) ?? { at: Number.NEGATIVE_INFINITY, count: 0 };
  last.count += count;
  if (now - last.at >= EVERY_MS) {
    log.warn(line(last.count));
    last.at = now;
    last.count = 0;
  }
  warnings.set(key, last);
}
