import { nameKey } from "../config/field-schemas";
import { ConflictError, ForbiddenError, NotFoundError } from "../http/app-error";

/** Objects from proxypulse.yaml are changed in the file, not through the API. */
type Editable = "proxy" | "target" | "notification channel";

export function assertEditable(object: { source: string; name: string } | null, what: Editable): asserts object is { source: string; name: string } {
  if (!object) throw new NotFoundError(what[0]!.toUpperCase() + what.slice(1));
  if (object.source === "file") {
    throw new ForbiddenError("managed_by_file", `The ${what} "${object.name}" is managed by proxypulse.yaml: change it in the file.`);
  }
}

/** Prisma's unique-constraint failure, as a 409 that names the clash. */
export function rethrowUniqueName(error: unknown, name: string | undefined, what: Editable): never {
  if (error && typeof error === "object" && "code" in error && error.code === "P2002") {
    throw new ConflictError(`A ${what} named "${name ?? ""}" already exists.`);
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
  if (clash) throw new ConflictError(`A ${what} named "${clash.name}" already exists${clash.name === name ? "" : " (names are compared ignoring case)"}.`);
}
