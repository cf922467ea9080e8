import type { Messages } from "@/lib/i18n/messages";
import type { RouteState } from "@/lib/monitoring/route-state";

/** State as colour and words, never colour alone. */
export function StateBadge({ state, m }: { state: RouteState; m: Messages }) {
  return <span className={`state state-${state}`}>{m.states[state]}</span>;
}
