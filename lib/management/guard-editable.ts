import { nameKey } from "../config/field-schemas";
import { ConflictError, ForbiddenError, NotFoundError } from "../http/app-error";

/**
 * Objects from proxypulse.yaml are changed in the file, not through the API.
 * The built-in defaults (no file) are read-only too: every start puts them
 * back, so an edit or a deletion here would silently come undone.
 */
type Editable = "proxy" | "target" | "notification channel";

/** Whether the object is written by the start-up sync (the file's or the built-in defaults), not by the API. */
export function isSyncedSource(source: string): boolean {
  return source === "file" || source === "builtin";
}

export function assertEditable(object: { source: string; name: string } | null, what: Editable): asserts object is { source: string; name: string } {
  if (!object) throw new NotFoundError(what[0]!.toUpperCase() + what.slice(1));
  if (object.source === "file") {
    throw new ForbiddenError("managed_by_file", `The ${what} "${object.name}" is managed by proxypulse.yaml: change it in the file.`);
  }
  if (object.source === "builtin") {
    throw new ForbiddenError(
      "built_in",
      `The ${what} "${object.name}" is built in (the default when there is no proxypulse.yaml) and comes back at every start: add your own beside it, or list your own in a proxypulse.yaml.`,
    );
  }
}

/** Prisma's unique-constraint failure, as a 409 that names the clash. */
export function rethrowUniqueName(error: unknown, name: string | undefined, what: Editable): never {
  if (error && typeof error === "object" && "code" in error && error.code === "P2002") {
    const message = `A ${what} named "${name ?? ""}" already exists.`;
    throw new ConflictError(message, [{ path: "name", message }]);
  }
  throw error;
}

/**
 * Names are unique ignoring case (and Unicode look-alike forms, see nameKey), as in proxypulse.yaml: "DIRECT" beside
 * "direct" reads as one object in the dashboard, the status page and chat
 * messages. (The database's unique index compares exactly.)
 */
export function assertNameFree(existing: Array<{ id: number; name: string }>, name: string | undefined, exceptId: number | null, what: Editable): void {
  if (name === undefined) return;
  const clash = existing.find((other) => other.id !== exceptId && nameKey(other.name) === nameKey(name));
  if (!clash) return;
  const message = `A ${what} named "${clash.name}" already exists${clash.name === name ? "" : " (names are compared ignoring case)"}.`;
  throw new ConflictError(message, [{ path: "name", message }]);
}
