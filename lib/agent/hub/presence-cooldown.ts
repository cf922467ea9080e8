import type { ProxyPulseConfig } from "../../config/config-schema";
import type { Sqlite } from "../../db/sqlite";
import { effectiveAlertRules } from "../../settings/alert-rules";

/** The alert rules' cooldown (file, dashboard or default, read each time: the dashboard may change it), which folds an agent's presence flips too. */
export function presenceCooldownMs(sqlite: Sqlite, config: Pick<ProxyPulseConfig, "alerts">): number {
  return effectiveAlertRules(sqlite, config).rules.cooldownMinutes * 60_000;
}
