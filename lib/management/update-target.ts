import type { Db } from "../db/client";
import type { SecretBox } from "../secrets/secret-box";
import { checkCaFile } from "./create-target";
import { assertChangeAllowed } from "./assert-change-allowed";
import { assertNameFree, rethrowUniqueName } from "./guard-editable";
import { sameApiOrigin, SecretScopeError } from "./secret-scope";
import { UpdateTargetInput } from "./management-schemas";
import { presentTarget } from "./present";
import { storedLocationList } from "../locations/location-list";
import { ValidationError } from "../http/app-error";
import { probeKindProblem, type ProviderId } from "../providers/registry";
import { paidProbeEveryProblem } from "../providers/probe-cost";

export async function updateTarget(db: Db, box: SecretBox, id: number, input: unknown) {
  const { apiKey, latencyThresholdMs, latencyWindow, ...changes } = UpdateTargetInput.parse(input);
  const existing = await db.target.findUnique({ where: { id } });
  assertChangeAllowed(existing, { ...changes, apiKey, latencyThresholdMs, latencyWindow }, "target");
  assertNameFree(await db.target.findMany({ select: { id: true, name: true } }), changes.name, id, "target");
  if (changes.caFile) checkCaFile(changes.caFile);
  // The kind must be one the provider offers, whichever of the two changes.
  if (changes.provider !== undefined || changes.probe !== undefined) {
    const problem = probeKindProblem((changes.provider ?? existing.provider) as ProviderId, changes.probe ?? existing.probe);
    if (problem) {
      const hint = changes.probe === undefined ? ` (the target's probe is "${existing.probe}": give probe too)` : "";
      throw new ValidationError(`${problem}${hint}`, [{ path: "probe", message: `${problem}${hint}` }]);
    }
  }
  // Checked on the values the target will have, whichever of the three changes.
  if (changes.provider !== undefined || changes.probe !== undefined || changes.paidProbeEvery !== undefined) {
    const problem = paidProbeEveryProblem(changes.provider ?? existing.provider, changes.probe ?? existing.probe, changes.paidProbeEvery ?? existing.paidProbeEvery);
    if (problem) {
      const hint = changes.paidProbeEvery === undefined ? ` (the target's paidProbeEvery is ${existing.paidProbeEvery}: give paidProbeEvery: 1 too)` : "";
      throw new ValidationError(`${problem}${hint}`, [{ path: "paidProbeEvery", message: `${problem}${hint}` }]);
    }
  }
  // The stored key, or the variable it is read from, must not follow the target to another host unasked.
  const savedKey = existing.apiKeySecret !== null || existing.apiKeyEnv !== null;
  if (changes.baseUrl && savedKey && apiKey === undefined && !changes.apiKeyEnv && !sameApiOrigin(changes.baseUrl, existing.baseUrl)) {
    throw new SecretScopeError("apiKey", "apiKey");
  }
  const data: Record<string, unknown> = { ...changes };
  if (changes.locations !== undefined) data.locations = await storedLocationList(db, changes.locations);
  if (latencyThresholdMs !== undefined) data.slowAboveMs = latencyThresholdMs;
  if (latencyWindow !== undefined) data.slowWindow = latencyWindow;
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
