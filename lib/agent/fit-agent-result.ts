import type * as z from "zod";
import { AgentProbeResult } from "./agent-protocol";

/**
 * A probe result made to fit what the hub accepts from an agent
 * (AgentProbeResult), before it is spooled. The probe engine passes on what
 * an upstream or a proxy says (a fractional `x-ratelimit-remaining-requests`,
 * an `openai-processing-ms` of days, a long error chain), and the hub refuses
 * a whole batch for one such result: the agent would drop up to 500 good
 * results with it, and that route's results would never reach the hub.
 * Here a fraction is rounded, a number out of range becomes unknown (null;
 * 0 where null is not allowed), a text or a list is cut at its bound.
 * Anything else (an unknown kind) is left for the hub to refuse.
 */
export function fitAgentResult<T>(result: T): T {
  let current: unknown = result;
  for (let round = 0; round < 4; round++) {
    const parsed = AgentProbeResult.safeParse(current);
    if (parsed.success) return current as T;
    if (current === result) current = structuredClone(result);
    let changed = false;
    for (const issue of parsed.error.issues) changed = fix(current, issue) || changed;
    if (!changed) break;
  }
  return current as T;
}

function fix(root: unknown, issue: z.core.$ZodIssue): boolean {
  const path = issue.path;
  if (!path.length) return false;
  let parent = root as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = parent?.[key as PropertyKey];
    if (next === null || typeof next !== "object") return false;
    parent = next as Record<PropertyKey, unknown>;
  }
  const key = path[path.length - 1] as PropertyKey;
  const value = parent[key];
  if (typeof value === "string" && issue.code === "too_big") {
    parent[key] = value.slice(0, Number(issue.maximum));
    return true;
  }
  if (Array.isArray(value) && issue.code === "too_big") {
    parent[key] = value.slice(0, Number(issue.maximum));
    return true;
  }
  if (typeof value === "number") {
    parent[key] = issue.code === "invalid_type" && Number.isFinite(value) && !Number.isInteger(value) ? Math.round(value) : null;
    return true;
  }
  if (value === null && issue.code === "invalid_type" && issue.expected === "number") {
    parent[key] = 0;
    return true;
  }
  return false;
}
