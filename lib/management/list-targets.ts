import type { Db } from "../db/client";
import { NotFoundError } from "../http/app-error";
import type { SecretBox } from "../secrets/secret-box";
import { presentTarget } from "./present";

export async function listTargets(db: Db, box: SecretBox) {
  return (await db.target.findMany({ orderBy: { name: "asc" } })).map((target) => presentTarget(target, box));
}

export async function getTargetOrThrow(db: Db, box: SecretBox, id: number) {
  const target = await db.target.findUnique({ where: { id } });
  if (!target) throw new NotFoundError("Target");
  return presentTarget(target, box);
}
