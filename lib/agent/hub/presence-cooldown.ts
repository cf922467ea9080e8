import type { AlertRules } from "../../config/config-schema";

/** The alert rules' cooldown (file, dashboard or default: the service's kept copy, which follows the dashboard's changes), which folds an agent's presence flips too. */
export function presenceCooldownMs(rules: Pick<AlertRules, "cooldownMinutes">): number {
  return rules.cooldownMinutes * 60_000;
}
