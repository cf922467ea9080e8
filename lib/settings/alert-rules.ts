import { AlertRules, DEFAULT_ALERT_RULES, type ProxyPulseConfig } from "../config/config-schema";
import type { Db } from "../db/client";
import { ForbiddenError } from "../http/app-error";

/** The row of Setting that holds the dashboard's rules. */
const SETTING_KEY = "alerts";

export interface EffectiveAlertRules {
  rules: AlertRules;
  /** "file" when proxypulse.yaml sets them (read-only in the dashboard). */
  source: "file" | "dashboard" | "default";
}

/** The rules in force: the file's, else the dashboard's, else the defaults. */
export async function effectiveAlertRules(prisma: Db, config: Pick<ProxyPulseConfig, "alerts">): Promise<EffectiveAlertRules> {
  if (config.alerts) return { rules: config.alerts, source: "file" };
  const row = await prisma.setting.findUnique({ where: { key: SETTING_KEY } });
  if (!row) return { rules: DEFAULT_ALERT_RULES, source: "default" };
  const parsed = AlertRules.safeParse(JSON.parse(row.value));
  return parsed.success ? { rules: parsed.data, source: "dashboard" } : { rules: DEFAULT_ALERT_RULES, source: "default" };
}

/** Saves the rules from the dashboard, unless proxypulse.yaml owns them. */
export async function saveAlertRules(prisma: Db, config: Pick<ProxyPulseConfig, "alerts">, input: unknown): Promise<EffectiveAlertRules> {
  if (config.alerts) throw new ForbiddenError("managed_by_file", "The alert rules are set in proxypulse.yaml: change them in the file.");
  const rules = AlertRules.parse(input);
  const value = JSON.stringify(rules);
  await prisma.setting.upsert({ where: { key: SETTING_KEY }, create: { key: SETTING_KEY, value }, update: { value } });
  return { rules, source: "dashboard" };
}
