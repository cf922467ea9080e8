import { statSync } from "node:fs";

/**
 * Calls `onGone` once when the database file is removed or replaced under
 * the running process. SQLite goes on writing to the open (now nameless)
 * file without an error, so without this the history written from then on
 * vanishes at the next restart. Returns a function that stops watching.
 */
export function watchDatabaseFile(path: string, onGone: (what: "removed" | "replaced") => void, everyMs = 10_000): () => void {
  const identity = (): string | null => {
    try {
      const stat = statSync(path);
      return `${stat.dev}:${stat.ino}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  };
  const original = identity();
  const timer = setInterval(() => {
    let now: string | null;
    try {
      now = identity();
    } catch {
      return; // cannot tell (e.g. a transient permission error): look again next time
    }
    if (now === original) return;
    clearInterval(timer);
    onGone(now === null ? "removed" : "replaced");
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
