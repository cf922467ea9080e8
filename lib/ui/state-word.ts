import type { Messages } from "../i18n/messages";
import type { RouteState } from "../monitoring/route-state";

/** A route state in words ("paused" has its own message, beside the states measured by probes). */
export function stateWord(m: Messages, state: RouteState): string {
  return state === "paused" ? m.routeControl.paused : m.states[state];
}
