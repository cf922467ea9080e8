import { MaintenanceWindow as FileWindow } from "../config/config-schema";
import type { Db } from "../db/client";
import { ConflictError, NotFoundError } from "../http/app-error";
import { globMatch } from "./glob-match";
import { currentOrNextOccurrence, Repeat, type Occurrence } from "./recurrence";

export interface MaintenanceView {
  id: number | null;
  routes: string[];
  /** A one-off window's times; for a recurring one, its current or next occurrence (null if none is left). */
  from: string | null;
  to: string | null;
  /** The rule of a recurring window, else null. */
  repeat: Repeat | null;
  note: string | null;
  /** From proxypulse.yaml (read-only here) or created in the UI. */
  source: "file" | "api";
}

/** The windows in force anywhere: the file's and the UI's, in the config's shape. */
export async function allMaintenanceWindows(prisma: Db, fileWindows: FileWindow[]): Promise<FileWindow[]> {
  return [...fileWindows, ...(await readStoredWindows(prisma)).map((row) => row.window)];
}

export async function listMaintenanceWindows(prisma: Db, fileWindows: FileWindow[], now: number = Date.now()): Promise<MaintenanceView[]> {
  const fromFile = fileWindows.map((window) => viewOf(window, null, "file", now));
  const stored = (await readStoredWindows(prisma)).map((row) => viewOf(row.window, row.id, "api", now));
  // Those with an occurrence ahead by its time, then those that are over.
  return [...fromFile, ...stored].sort((a, b) => (a.from ?? "9").localeCompare(b.from ?? "9"));
}

/** A window's occurrence in force at `at`, else its next one (a one-off window has just the one, past or not); null when a rule has none left. */
export function currentOrNextOf(window: FileWindow, at: number): Occurrence | null {
  return window.repeat ? currentOrNextOccurrence(window.repeat, at) : { from: Date.parse(window.from!), to: Date.parse(window.to!) };
}

function viewOf(window: FileWindow, id: number | null, source: "file" | "api", now: number): MaintenanceView {
  const occurrence = currentOrNextOf(window, now);
  return {
    id,
    routes: window.routes,
    from: occurrence ? new Date(occurrence.from).toISOString() : null,
    to: occurrence ? new Date(occurrence.to).toISOString() : null,
    repeat: window.repeat ?? null,
    note: window.note ?? null,
    source,
  };
}

async function readStoredWindows(prisma: Db): Promise<Array<{ id: number; window: FileWindow }>> {
  const rows = await prisma.maintenanceWindow.findMany({ select: { id: true, routes: true, startsAt: true, endsAt: true, note: true, repeat: true }, orderBy: { startsAt: "asc" } });
  return rows.flatMap((row): Array<{ id: number; window: FileWindow }> => {
    const base = { routes: JSON.parse(row.routes) as string[], ...(row.note ? { note: row.note } : {}) };
    if (row.repeat === null) return [{ id: row.id, window: { ...base, from: row.startsAt.toISOString(), to: row.endsAt.toISOString() } }];
    // A rule this version cannot read (e.g. written by a newer one) silences nothing rather than everything.
    const repeat = Repeat.safeParse(JSON.parse(row.repeat));
    return repeat.success ? [{ id: row.id, window: { ...base, repeat: repeat.data } }] : [];
  });
}

/** The same rules as the file's `maintenance:` entries. */
export const CreateMaintenanceInput = FileWindow;

/** Where a recurring window's row keeps its bounds: from its creation, with no end. */
const NO_END = Date.parse("9999-12-31T00:00:00Z");

/**
 * How many windows the dashboard keeps (the file has its own bound): every
 * window is checked against every route at each alert and each rendering of
 * the public status page, so their number must not grow without end.
 */
export const MAX_MAINTENANCE_WINDOWS = 200;

export async function createMaintenanceWindow(prisma: Db, input: unknown, now: number = Date.now()): Promise<MaintenanceView> {
  const window = CreateMaintenanceInput.parse(input);
  if ((await prisma.maintenanceWindow.count()) >= MAX_MAINTENANCE_WINDOWS) {
    throw new ConflictError(`There are already ${MAX_MAINTENANCE_WINDOWS} maintenance windows: delete ones that are over before adding more.`);
  }
  const created = await prisma.maintenanceWindow.create({
    data: window.repeat
      ? { routes: JSON.stringify(window.routes), startsAt: new Date(now), endsAt: new Date(NO_END), repeat: JSON.stringify(window.repeat), note: window.note ?? null }
      : { routes: JSON.stringify(window.routes), startsAt: new Date(window.from!), endsAt: new Date(window.to!), note: window.note ?? null },
  });
  return viewOf(window, created.id, "api", now);
}

export async function deleteMaintenanceWindow(prisma: Db, id: number): Promise<{ deleted: number }> {
  if (!(await prisma.maintenanceWindow.findUnique({ where: { id } }))) throw new NotFoundError("Maintenance window");
  await prisma.maintenanceWindow.delete({ where: { id } });
  return { deleted: id };
}

/** A window's occurrence in force at `at` (a one-off window has one), or null. */
export function occurrenceInForce(window: FileWindow, at: number): Occurrence | null {
  const occurrence = currentOrNextOf(window, at);
  return occurrence && occurrence.from <= at && at < occurrence.to ? occurrence : null;
}

/** The window silencing this route at `at`, if any, with the occurrence that does it. */
export function activeWindow(windows: FileWindow[], route: { proxyName: string; targetName: string }, at: number): { window: FileWindow; occurrence: Occurrence } | undefined {
  for (const window of windows) {
    if (!window.routes.some((pattern) => matchesRoute(pattern, route))) continue;
    const occurrence = occurrenceInForce(window, at);
    if (occurrence) return { window, occurrence };
  }
  return undefined;
}

/** "proxy/target" with * as a wildcard; a pattern without "/" names a proxy. */
export function matchesRoute(pattern: string, route: { proxyName: string; targetName: string }): boolean {
  const [proxyPattern = "*", targetPattern = "*"] = pattern.includes("/") ? pattern.split("/", 2) : [pattern, "*"];
  return globMatch(proxyPattern, route.proxyName) && globMatch(targetPattern, route.targetName);
}
