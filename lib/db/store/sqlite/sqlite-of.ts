import type { Sqlite } from "../../sqlite";
import type { Store } from "../store";
import { SqliteStore } from "./sqlite-store";

/** Step-by-step move only: the connection under a SQLite store, for a read not yet behind the store. Removed once the reads are moved. */
export function sqliteOf(store: Store): Sqlite {
  if (!(store instanceof SqliteStore)) throw new Error(`not a SQLite store (${store.engine})`);
  return store.sqlite;
}
