import type { Messages } from "@/lib/i18n/messages";
import type { RouteState } from "@/lib/monitoring/route-state";
import { stateWord } from "@/lib/ui/state-word";

/** State as colour and words, never colour alone. */
export function StateBadge({ state, m }: { state: RouteState; m: Messages }) {
  return <span className={`state state-${state}`}>{stateWord(m, state)}</span>;
}
