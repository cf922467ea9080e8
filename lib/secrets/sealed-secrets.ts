import type { Db } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { SecretBox } from "./secret-box";

/** The client itself or the one of a transaction. */
type Client = Db | Prisma.TransactionClient;

interface SealedColumn {
  /** What the label names: `target "main" (API key)`. */
  object: string;
  holds: string;
  /** The rows entered in the dashboard or API (source 'api') holding a value, by id. */
  list(prisma: Client): Promise<Array<{ name: string; sealed: string | null }>>;
  /** What `npm run secrets:forget` does with those rows: clear the value, or delete a row that is nothing without it. */
  forget(prisma: Client): Promise<unknown>;
}

/**
 * Every column that holds a value sealed with the secret key. A new sealed
 * column is one entry here: the key-loss guard, the start-up check and
 * `npm run secrets:forget` all read this table.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    object: "target",
    holds: "API key",
    list: (prisma) =>
      prisma.target.findMany({ where: { source: "api", apiKeySecret: { not: null } }, select: { name: true, apiKeySecret: true }, orderBy: { id: "asc" } }).then((rows) =>
        rows.map((row) => ({ name: row.name, sealed: row.apiKeySecret })),
      ),
    forget: (prisma) => prisma.target.updateMany({ where: { source: "api", apiKeySecret: { not: null } }, data: { apiKeySecret: null } }),
  },
  {
    object: "proxy",
    holds: "password",
    list: (prisma) =>
      prisma.proxy.findMany({ where: { source: "api", passwordSecret: { not: null } }, select: { name: true, passwordSecret: true }, orderBy: { id: "asc" } }).then((rows) =>
        rows.map((row) => ({ name: row.name, sealed: row.passwordSecret })),
      ),
    forget: (prisma) => prisma.proxy.updateMany({ where: { source: "api", passwordSecret: { not: null } }, data: { passwordSecret: null } }),
  },
  {
    object: "notification channel",
    holds: "settings",
    list: (prisma) =>
      prisma.notificationChannel.findMany({ where: { source: "api" }, select: { name: true, settingsSecret: true }, orderBy: { id: "asc" } }).then((rows) =>
        rows.map((row) => ({ name: row.name, sealed: row.settingsSecret })),
      ),
    // Its settings are all secret: the channel goes (its queued messages with it).
    forget: (prisma) => prisma.notificationChannel.deleteMany({ where: { source: "api" } }),
  },
];

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
export async function listIrreplaceableSecrets(prisma: Client): Promise<SealedSecret[]> {
  const found: SealedSecret[] = [];
  for (const { object, holds, list } of SEALED_COLUMNS) {
    for (const row of await list(prisma)) if (row.sealed !== null) found.push({ label: `${object} "${row.name}" (${holds})`, sealed: row.sealed });
  }
  return found;
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
export async function checkSealedSecrets(prisma: Db, box: SecretBox, keySource: string): Promise<void> {
  const failed = unopenableSecrets(box, await listIrreplaceableSecrets(prisma));
  if (failed.length) throw new SecretKeyMismatchError(keySource, failed);
}

/**
 * Clears the irreplaceable secrets (the recovery when the key is lost):
 * targets lose their API key, proxies their password, and channels from the
 * dashboard, whose settings are all secret, are removed. Returns their labels.
 */
export async function forgetSealedSecrets(prisma: Db): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const labels = (await listIrreplaceableSecrets(tx)).map((secret) => secret.label);
    for (const { forget } of SEALED_COLUMNS) await forget(tx);
    return labels;
  });
}
