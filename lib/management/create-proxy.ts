import type { Db } from "../db/client";
import { formatProxySpec, parseProxySpec } from "../routes/parse-proxy-spec";
import type { SecretBox } from "../secrets/secret-box";
import { assertNameFree, rethrowUniqueName } from "./guard-editable";
import { CreateProxyInput } from "./management-schemas";
import { presentProxy } from "./present";
import { storedLocationList } from "../locations/location-list";

export async function createProxy(db: Db, box: SecretBox, input: unknown) {
  const { name, url, publicHost, locations } = CreateProxyInput.parse(input);
  assertNameFree(await db.proxy.findMany({ select: { id: true, name: true } }), name, null, "proxy");
  const storedLocations = (await storedLocationList(db, locations)) ?? null;
  const spec = parseProxySpec(url);
  const password = spec.protocol === "direct" || spec.protocol === "env" ? null : spec.password;
  try {
    const proxy = await db.proxy.create({
      data: { name, url: formatProxySpec(spec, "omit"), passwordSecret: password ? box.seal(password) : null, publicHost: publicHost ?? false, source: "api", locations: storedLocations },
    });
    return presentProxy(proxy);
  } catch (error) {
    rethrowUniqueName(error, name, "proxy");
  }
}
