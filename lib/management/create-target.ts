import type { Db } from "../db/client";
import { ValidationError } from "../http/app-error";
import { CaFileError, readPem } from "../routes/trusted-roots";
import type { SecretBox } from "../secrets/secret-box";
import { assertNameFree, rethrowUniqueName } from "./guard-editable";
import { CreateTargetInput } from "./management-schemas";
import { presentTarget } from "./present";
import { storedLocationList } from "../locations/location-list";

export async function createTarget(db: Db, box: SecretBox, input: unknown) {
  const target = CreateTargetInput.parse(input);
  assertNameFree(await db.target.findMany({ select: { id: true, name: true } }), target.name, null, "target");
  if (target.caFile) checkCaFile(target.caFile);
  const locations = (await storedLocationList(db, target.locations)) ?? null;
  try {
    const created = await db.target.create({
      data: {
        name: target.name,
        baseUrl: target.baseUrl,
        model: target.model,
        provider: target.provider,
        probe: target.probe,
        apiKeySecret: target.apiKey ? box.seal(target.apiKey) : null,
        apiKeyEnv: target.apiKeyEnv ?? null,
        caFile: target.caFile ?? null,
        intervalSeconds: target.intervalSeconds ?? null,
        timeoutMs: target.timeoutMs ?? null,
        publicHost: target.publicHost ?? false,
        enabled: target.enabled ?? true,
        slowAboveMs: target.latencyThresholdMs ?? null,
        slowWindow: target.latencyWindow ?? null,
        paidProbeEvery: target.paidProbeEvery ?? 1,
        manualOnly: target.manualOnly ?? false,
        locations,
        source: "api",
      },
    });
    return presentTarget(created, box);
  } catch (error) {
    rethrowUniqueName(error, target.name, "target");
  }
}

/** A CA file must exist and hold a certificate before it is saved. */
export function checkCaFile(path: string): void {
  try {
    readPem(path);
  } catch (error) {
    if (error instanceof CaFileError) throw new ValidationError(error.message, [{ path: "caFile", message: error.message }]);
    throw error;
  }
}
