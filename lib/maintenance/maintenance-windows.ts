import { MaintenanceWindow as FileWindow } from "../config/config-schema";
import type { Db } from "../db/client";
import type { Sqlite } from "../db/sqlite";
import { NotFoundError } from "../http/app-error";
import { globMatch } from "./glob-match";

export interface MaintenanceView {
  id: number | null;
  routes: string[];
  from: string;
  to: string;
  note: string | null;
  /** From proxypulse.yaml (read-only here) or created in the UI. */
  source: "file" | "api";
}

/** The windows in force anywhere: the file's and the UI's, in the config's shape. */
export function allMaintenanceWindows(db: Sqlite, fileWindows: FileWindow[]): FileWindow[] {
  return [...fileWindows, ...listStoredWindows(db).map((window) => ({ routes: window.routes, from: window.from, to: window.to, ...(window.note ? { note: window.note } : {}) }))];
}

export function listMaintenanceWindows(db: Sqlite, fileWindows: FileWindow[]): MaintenanceView[] {
  const fromFile = fileWindows.map((window) => ({ id: null, routes: window.routes, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), note: window.note ?? null, source: "file" as const }));
  return [...fromFile, ...listStoredWindows(db)].sort((a, b) => a.from.localeCompare(b.from));
}

function listStoredWindows(db: Sqlite): MaintenanceView[] {
  const rows = db.prepare(`SELECT id, routes, startsAt, endsAt, note FROM "MaintenanceWindow" ORDER BY startsAt`).all() as Array<{ id: number; routes: string; startsAt: number; endsAt: number; note: string | null }>;
  return rows.map((row) => ({ id: row.id, routes: JSON.parse(row.routes) as string[], from: new Date(row.startsAt).toISOString(), to: new Date(row.endsAt).toISOString(), note: row.note, source: "api" }));
}

/** The same rules as the file's `maintenance:` entries. */
export const CreateMaintenanceInput = FileWindow;

export async function createMaintenanceWindow(db: Db, input: unknown): Promise<MaintenanceView> {
  const window = CreateMaintenanceInput.parse(input);
  const created = await db.maintenanceWindow.create({
    data: { routes: JSON.stringify(window.routes), startsAt: new Date(window.from), endsAt: new Date(window.to), note: window.note ?? null },
  });
  return { id: created.id, routes: window.routes, from: created.startsAt.toISOString(), to: created.endsAt.toISOString(), note: created.note, source: "api" };
}

export async function deleteMaintenanceWindow(db: Db, id: number): Promise<{ deleted: number }> {
  if (!(await db.maintenanceWindow.findUnique({ where: { id } }))) throw new NotFoundError("Maintenance window");
  await db.maintenanceWindow.delete({ where: { id } });
  return { deleted: id };
}

/** The window silencing this route at `at`, if any. */
export function activeWindow(windows: FileWindow[], route: { proxyName: string; targetName: string }, at: number): FileWindow | undefined {
  return windows.find((window) => Date.parse(window.from) <= at && at < Date.parse(window.to) && window.routes.some((pattern) => matchesRoute(pattern, route)));
}

/** "proxy/target" with * as a wildcard; a pattern without "/" names a proxy. */
export function matchesRoute(pattern: string, route: { proxyName: string; targetName: string }): boolean {
  const [proxyPattern = "*", targetPattern = "*"] = pattern.includes("/") ? pattern.split("/", 2) : [pattern, "*"];
  return globMatch(proxyPattern, route.proxyName) && globMatch(targetPattern, route.targetName);
}
