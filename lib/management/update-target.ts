import type { Db } from "../db/client";
import type { SecretBox } from "../secrets/secret-box";
import { checkCaFile } from "./create-target";
import { assertEnvKeyScope } from "./env-key-scope";
import { assertEditable, assertNameFree, rethrowUniqueName } from "./guard-editable";
import { sameApiOrigin, SecretScopeError } from "./secret-scope";
import { UpdateTargetInput } from "./management-schemas";
import { presentTarget } from "./present";

export async function updateTarget(db: Db, box: SecretBox, env: Record<string, string | undefined>, id: number, input: unknown) {
  const { apiKey, ...changes } = UpdateTargetInput.parse(input);
  const existing = await db.target.findUnique({ where: { id } });
  assertEditable(existing, "target");
  assertNameFree(await db.target.findMany({ select: { id: true, name: true } }), changes.name, id, "target");
  if (changes.caFile) checkCaFile(changes.caFile);
  // The stored key must not follow the target to another host unasked.
  if (changes.baseUrl && existing.apiKeySecret && apiKey === undefined && !changes.apiKeyEnv && !sameApiOrigin(changes.baseUrl, existing.baseUrl)) {
    throw new SecretScopeError("apiKey", "apiKey");
  }
  // Nor may a key from the environment (see env-key-scope.ts).
  const keyEnv = apiKey ? null : (changes.apiKeyEnv ?? existing.apiKeyEnv);
  if (keyEnv && (changes.apiKeyEnv || changes.baseUrl)) await assertEnvKeyScope(db, env, keyEnv, changes.baseUrl ?? existing.baseUrl, changes.apiKeyEnv ? "apiKeyEnv" : "baseUrl");
  const data: Record<string, unknown> = { ...changes };
  if (apiKey !== undefined) {
    data.apiKeySecret = apiKey === null ? null : box.seal(apiKey);
    if (apiKey !== null) data.apiKeyEnv = null;
  }
  if (changes.apiKeyEnv) data.apiKeySecret = null;
  try {
    return presentTarget(await db.target.update({ where: { id }, data }), box);
  } catch (error) {
    rethrowUniqueName(error, changes.name, "target");
  }
}
