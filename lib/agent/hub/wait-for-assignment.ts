import { AppError } from "../../http/app-error";
import { agentHubState, MAX_WAITING_PER_LOCATION } from "./agent-hub-state";
import type { BuiltAssignment } from "./build-assignment";

/** How often a held request looks again (an edit in the dashboard reaches the agent within this). */
export const ASSIGNMENT_CHECK_MS = 1000;

/**
 * The location's assignment now, or, when the agent already has it
 * (`ifNoneMatch`) and is willing to wait, as soon as it changes; "unchanged"
 * when the wait ends first. `build` runs again on each look, token check
 * included, so a token revoked meanwhile ends the wait with its 401. At most
 * MAX_WAITING_PER_LOCATION requests per location are held at once.
 */
export async function waitForAssignment(
  build: () => Promise<BuiltAssignment>,
  options: { locationId: number; ifNoneMatch: string | null; waitMs: number; signal?: AbortSignal; checkEveryMs?: number },
): Promise<BuiltAssignment | "unchanged"> {
  let current = await build();
  if (current.etag !== options.ifNoneMatch) return current;
  if (options.waitMs <= 0) return "unchanged";
  const { waiting } = agentHubState();
  const held = waiting.get(options.locationId) ?? 0;
  if (held >= MAX_WAITING_PER_LOCATION) {
    throw new AppError("too_many_waiting", `This location already has ${held} assignment requests waiting; an agent needs one. Is the same token used by several agents?`, 429, undefined, 5);
  }
  waiting.set(options.locationId, held + 1);
  try {
    const until = Date.now() + options.waitMs;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0 || options.signal?.aborted) return "unchanged";
      await sleep(Math.min(left, options.checkEveryMs ?? ASSIGNMENT_CHECK_MS), options.signal);
      if (options.signal?.aborted) return "unchanged";
      current = await build();
      if (current.etag !== options.ifNoneMatch) return current;
    }
  } finally {
    const now = (waiting.get(options.locationId) ?? 1) - 1;
    if (now > 0) waiting.set(options.locationId, now);
    else waiting.delete(options.locationId);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
