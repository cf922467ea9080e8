import type { Messages } from "../i18n/messages";
import type { RouteState } from "../monitoring/route-state";
import { stateWord } from "../ui/state-word";

/** A location's dot as words, for screen readers and tooltips: "hk-vps: Down". */
export function locationDotLabel(m: Messages, location: { name: string; state: RouteState }): string {
  return `${location.name}: ${stateWord(m, location.state)}`;
}

/**
 * "down in 1 of 3 locations" when some of a pair's locations say down (out of
 * those probing it, paused ones left out); null when none does.
 */
export function downInText(m: Messages, locations: ReadonlyArray<{ state: RouteState }>): string | null {
  const active = locations.filter((location) => location.state !== "paused");
  const down = active.filter((location) => location.state === "down").length;
  return down === 0 ? null : m.locationViews.downIn.replace("{down}", String(down)).replace("{total}", String(active.length));
}
