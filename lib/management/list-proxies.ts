import type { Db } from "../db/client";
import { NotFoundError } from "../http/app-error";
import { presentProxy } from "./present";

export async function listProxies(db: Db) {
  return (await db.proxy.findMany({ orderBy: { name: "asc" } })).map(presentProxy);
}

export async function getProxyOrThrow(db: Db, id: number) {
  const proxy = await db.proxy.findUnique({ where: { id } });
  if (!proxy) throw new NotFoundError("Proxy");
  return presentProxy(proxy);
}
