import type { Db } from "../db/client";
import { assertEditable } from "./guard-editable";

/** Deletes the target with its routes and their history. */
export async function deleteTarget(db: Db, id: number): Promise<{ deleted: number }> {
  assertEditable(await db.target.findUnique({ where: { id } }), "target");
  await db.target.delete({ where: { id } });
  return { deleted: id };
}
