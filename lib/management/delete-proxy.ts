import type { Db } from "../db/client";
import { assertEditable } from "./guard-editable";

/** Deletes the proxy with its routes and their history. */
export async function deleteProxy(db: Db, id: number): Promise<{ deleted: number }> {
  assertEditable(await db.proxy.findUnique({ where: { id } }), "proxy");
  await db.proxy.delete({ where: { id } });
  return { deleted: id };
}
