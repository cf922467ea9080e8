import { DEFAULT_ALERT_RULES, type AlertRules, type MaintenanceWindow, type ProxyPulseConfig } from "../config/config-schema";
import type { Db } from "../db/client";
import { allMaintenanceWindows } from "../maintenance/maintenance-windows";
import { effectiveAlertRules } from "./alert-rules";
import { KeptCopy } from "./kept-copy";

/** How often a process reads them again for changes made by another process. */
export const KEPT_SETTINGS_REFRESH_MS = 5000;

/**
 * The settings the write and alert paths read synchronously (per write batch,
 * per event and per agent heartbeat): the alert rules in force and every
 * maintenance window (the file's and the dashboard's), kept in memory.
 */
export interface KeptSettings {
  alertRules: KeptCopy<AlertRules>;
  maintenanceWindows: KeptCopy<MaintenanceWindow[]>;
}

/** Reads both once (a failure fails the start) and keeps them fresh. */
export async function keepSettings(prisma: Db, config: Pick<ProxyPulseConfig, "alerts" | "maintenance">, refreshMs: number = KEPT_SETTINGS_REFRESH_MS): Promise<KeptSettings> {
  // The initial values stand only until the first reads below.
  const kept: KeptSettings = {
    alertRules: new KeptCopy("the alert rules", async () => (await effectiveAlertRules(prisma, config)).rules, DEFAULT_ALERT_RULES),
    maintenanceWindows: new KeptCopy("the maintenance windows", () => allMaintenanceWindows(prisma, config.maintenance), config.maintenance),
  };
  await Promise.all([kept.alertRules.refresh(), kept.maintenanceWindows.refresh()]);
  kept.alertRules.refreshEvery(refreshMs);
  kept.maintenanceWindows.refreshEvery(refreshMs);
  return kept;
}

export async function stopKeptSettings(kept: KeptSettings): Promise<void> {
  await Promise.all([kept.alertRules.stop(), kept.maintenanceWindows.stop()]);
}
