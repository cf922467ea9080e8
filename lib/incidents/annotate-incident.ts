import * as z from "zod";
import type { Db } from "../db/client";
import { NotFoundError } from "../http/app-error";

export const AnnotateIncidentInput = z
  .object({ note: z.string().trim().max(500, "a note has at most 500 characters").nullable() })
  .strict();

/** An admin's short public note on an incident (null removes it). */
export async function annotateIncident(db: Db, id: number, input: unknown): Promise<{ id: number; note: string | null }> {
  const { note } = AnnotateIncidentInput.parse(input);
  const existing = await db.incident.findUnique({ where: { id } });
  if (!existing) throw new NotFoundError("Incident");
  const updated = await db.incident.update({ where: { id }, data: { note: note || null } });
  return { id: updated.id, note: updated.note };
}
