import type { Sqlite } from "../db/sqlite";
import type { SecretBox } from "./secret-box";

/**
 * Every column that holds a value sealed with the secret key. A new sealed
 * column is one line here: the key-loss guard, the start-up check and
 * `npm run secrets:forget` all read this table.
 */
export const SEALED_COLUMNS = [
  // forget: what `npm run secrets:forget` does with the row: clear the value, or delete a row that is nothing without it.
  { table: "Target", column: "apiKeySecret", object: "target", holds: "API key", forget: "clear" },
  { table: "Proxy", column: "passwordSecret", object: "proxy", holds: "password", forget: "clear" },
  { table: "NotificationChannel", column: "settingsSecret", object: "notification channel", holds: "settings", forget: "delete" },
] as const;

export interface SealedSecret {
  /** e.g. `target "main" (API key)`: names the object, never the value. */
  label: string;
  sealed: string;
}

/**
 * The sealed values only the key can give back: those entered in the
 * dashboard or API (source 'api'). Objects from proxypulse.yaml and the built-in defaults are synced again at
 * every start, so a new key loses nothing of theirs.
 */
export function listIrreplaceableSecrets(sqlite: Sqlite): SealedSecret[] {
  return SEALED_COLUMNS.flatMap(({ table, column, object, holds }) =>
    (
      sqlite.prepare(`SELECT name, "${column}" AS sealed FROM "${table}" WHERE source = 'api' AND "${column}" IS NOT NULL ORDER BY id`).all() as Array<{
        name: string;
        sealed: string;
      }>
    ).map((row) => ({ label: `${object} "${row.name}" (${holds})`, sealed: row.sealed })),
  );
}

/** The secrets, by label, that this key cannot open. */
export function unopenableSecrets(box: SecretBox, secrets: SealedSecret[]): string[] {
  return secrets.flatMap((secret) => {
    try {
      box.open(secret.sealed);
      return [];
    } catch {
      return [secret.label];
    }
  });
}

export function listLabels(labels: string[], max = 5): string {
  return labels.length <= max ? labels.join(", ") : `${labels.slice(0, max).join(", ")} and ${labels.length - max} more`;
}

export const FORGET_HINT =
  "If that key is lost for good, run `npm run secrets:forget` (it clears the secrets entered in the dashboard so that they can be entered again) and start again.";

export class SecretKeyMismatchError extends Error {
  readonly code = "secret_key_mismatch";
  constructor(keySource: string, labels: string[]) {
    super(
      `The secret key from ${keySource} cannot open ${labels.length} stored secret(s): ${listLabels(labels)}. ` +
        `They were sealed with another key: set PROXYPULSE_SECRET_KEY to that key, or restore the key file it was kept in. ${FORGET_HINT}`,
    );
    this.name = "SecretKeyMismatchError";
  }
}

/** Throws, naming the objects, when the key cannot open every irreplaceable secret. */
export function checkSealedSecrets(sqlite: Sqlite, box: SecretBox, keySource: string): void {
  const failed = unopenableSecrets(box, listIrreplaceableSecrets(sqlite));
  if (failed.length) throw new SecretKeyMismatchError(keySource, failed);
}

/**
 * Clears the irreplaceable secrets (the recovery when the key is lost):
 * targets lose their API key, proxies their password, and channels from the
 * dashboard, whose settings are all secret, are removed. Returns their labels.
 */
export function forgetSealedSecrets(sqlite: Sqlite): string[] {
  return sqlite.transaction(() => {
    const labels = listIrreplaceableSecrets(sqlite).map((secret) => secret.label);
    for (const { table, column, forget } of SEALED_COLUMNS) {
      if (forget === "delete") sqlite.prepare(`DELETE FROM "${table}" WHERE source = 'api'`).run();
      else sqlite.prepare(`UPDATE "${table}" SET "${column}" = NULL WHERE source = 'api' AND "${column}" IS NOT NULL`).run();
    }
    return labels;
  }).immediate();
}
