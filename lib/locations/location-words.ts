import type { Messages } from "../i18n/messages";
import type { RouteState } from "../monitoring/route-state";
import { stateWord } from "../ui/state-word";

type DotLocation = { name: string; state: RouteState; online: boolean };

/** A location's dot as words, for screen readers and tooltips: "hk-vps: Down", "hk-vps: offline, last reported Down". */
export function locationDotLabel(m: Messages, location: DotLocation): string {
  const state = stateWord(m, location.state);
  return `${location.name}: ${location.online ? state : m.locationViews.offline.replace("{state}", state)}`;
}

/** The dot's class: its state, or "offline" while its agent is silent (what it last said is in the label only). */
export function locationDotClass(location: DotLocation): string {
  return `loc-dot ${location.online ? location.state : "offline"}`;
}

/**
 * "down in 1 of 3 locations" when some of a pair's locations say down (out of
 * those probing it, paused ones left out; an offline one says nothing but
 * counts, as in the quorum); null when none does.
 */
export function downInText(m: Messages, locations: ReadonlyArray<{ state: RouteState; online: boolean }>): string | null {
  const active = locations.filter((location) => location.state !== "paused");
  const down = active.filter((location) => location.online && location.state === "down").length;
  return down === 0 ? null : m.locationViews.downIn.replace("{down}", String(down)).replace("{total}", String(active.length));
}
