import type { Db } from "../db/client";
import { formatProxySpec, parseProxySpec } from "../routes/parse-proxy-spec";
import type { SecretBox } from "../secrets/secret-box";
import { assertChangeAllowed } from "./assert-change-allowed";
import { assertNameFree, rethrowUniqueName } from "./guard-editable";
import { sameProxyEndpoint, SecretScopeError } from "./secret-scope";
import { UpdateProxyInput } from "./management-schemas";
import { presentProxy } from "./present";
import { storedLocationList } from "../locations/location-list";

export async function updateProxy(db: Db, box: SecretBox, id: number, input: unknown) {
  const changes = UpdateProxyInput.parse(input);
  const existing = await db.proxy.findUnique({ where: { id } });
  assertChangeAllowed(existing, changes, "proxy");
  assertNameFree(await db.proxy.findMany({ select: { id: true, name: true } }), changes.name, id, "proxy");
  const data: { name?: string; url?: string; passwordSecret?: string | null; publicHost?: boolean; enabled?: boolean; locations?: string | null } = {};
  const locations = await storedLocationList(db, changes.locations);
  if (locations !== undefined) data.locations = locations;
  if (changes.enabled !== undefined) data.enabled = changes.enabled;
  if (changes.name !== undefined) data.name = changes.name;
  if (changes.publicHost !== undefined) data.publicHost = changes.publicHost;
  if (changes.url !== undefined) {
    const spec = parseProxySpec(changes.url);
    data.url = formatProxySpec(spec, "omit");
    const password = spec.protocol === "direct" || spec.protocol === "env" ? null : spec.password;
    // A new password replaces the old; a URL without one keeps it, unless the proxy no longer takes a user.
    if (password) data.passwordSecret = box.seal(password);
    else if (spec.protocol === "direct" || spec.protocol === "env" || spec.username === null) data.passwordSecret = null;
    // The stored password must not follow the proxy to another host unasked.
    else if (existing.passwordSecret && !changes.clearPassword && !sameProxyEndpoint(spec, parseProxySpec(existing.url))) throw new SecretScopeError("password", "url");
  }
  if (changes.clearPassword) data.passwordSecret = null;
  try {
    return presentProxy(await db.proxy.update({ where: { id }, data }));
  } catch (error) {
    rethrowUniqueName(error, changes.name, "proxy");
  }
}
