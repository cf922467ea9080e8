import type * as z from "zod";
import { UnexpectedResponseError } from "../classify/classify-outcome";

/**
 * The 2xx body parsed by `schema`, or an UnexpectedResponseError that says
 * what is wrong in the schema's own words (an error object where an answer
 * should be, a missing field).
 */
export function checkShape<T extends z.ZodType>(schema: T, body: unknown, status: number, expected: string): z.output<T> {
  if (body !== null && typeof body === "object" && "error" in body && (body as { error: unknown }).error) {
    throw new UnexpectedResponseError(
      `HTTP ${status} whose body is an error object instead of ${expected}: ${JSON.stringify((body as { error: unknown }).error).slice(0, 200)}`,
      status,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new UnexpectedResponseError(`HTTP ${status} but ${parsed.error.issues[0]?.message ?? "the answer has an unexpected shape"}`, status);
  return parsed.data;
}
