import type { ProxyPulseConfig } from "../../config/config-schema";
import type { Sqlite } from "../../db/sqlite";
import { effectiveAlertRules } from "../../settings/alert-rules";

/** The alert rules' cooldown (file, dashboard or default, read each time: the dashboard may change it), which folds an agent's presence flips too. */
export async function presenceCooldownMs(sqlite: Sqlite, config: Pick<ProxyPulseConfig, "alerts">): Promise<number> {
  // Asynchronous already: the rules move to Prisma (a configuration table).
  return effectiveAlertRules(sqlite, config).rules.cooldownMinutes * 60_000;
}
