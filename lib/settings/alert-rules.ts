import { AlertRules, DEFAULT_ALERT_RULES, type ProxyPulseConfig } from "../config/config-schema";
import type { Sqlite } from "../db/sqlite";
import { ForbiddenError } from "../http/app-error";

export interface EffectiveAlertRules {
  rules: AlertRules;
  /** "file" when proxypulse.yaml sets them (read-only in the dashboard). */
  source: "file" | "dashboard" | "default";
}

/** The rules in force: the file's, else the dashboard's, else the defaults. */
export function effectiveAlertRules(db: Sqlite, config: Pick<ProxyPulseConfig, "alerts">): EffectiveAlertRules {
  if (config.alerts) return { rules: config.alerts, source: "file" };
  const row = db.prepare(`SELECT value FROM "Setting" WHERE key = 'alerts'`).get() as { value: string } | undefined;
  if (!row) return { rules: DEFAULT_ALERT_RULES, source: "default" };
  const parsed = AlertRules.safeParse(JSON.parse(row.value));
  return parsed.success ? { rules: parsed.data, source: "dashboard" } : { rules: DEFAULT_ALERT_RULES, source: "default" };
}

/** Saves the rules from the dashboard, unless proxypulse.yaml owns them. */
export function saveAlertRules(db: Sqlite, config: Pick<ProxyPulseConfig, "alerts">, input: unknown): EffectiveAlertRules {
  if (config.alerts) throw new ForbiddenError("managed_by_file", "The alert rules are set in proxypulse.yaml: change them in the file.");
  const rules = AlertRules.parse(input);
  db.prepare(`INSERT OR REPLACE INTO "Setting" (key, value) VALUES ('alerts', ?)`).run(JSON.stringify(rules));
  return { rules, source: "dashboard" };
}
