import { chmodSync, statSync } from "node:fs";

/**
 * Takes group and other access away from an existing file of the data
 * directory: one made by an older version, restored from a backup or copied in
 * by hand keeps the umask's 0644. A file this user may not chmod (not its
 * owner) is left as it is: the start must not fail over it.
 */
export function keepPrivate(path: string): void {
  try {
    // Only the group and other bits go: a file made read-only on purpose stays so.
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "EPERM") throw error;
  }
}
