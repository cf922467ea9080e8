import { describe, expect, it } from "vitest";
import { mapApiErrors } from "@/lib/ui/map-api-errors";
import { errorResponse } from "@/lib/http/error-response";
import { CreateTargetInput } from "@/lib/management/management-schemas";
import { TestRouteInput } from "@/lib/management/test-route";
import { ConflictError } from "@/lib/http/app-error";

const TARGET_FIELDS = ["name", "baseUrl", "model", "probe", "apiKey", "caFile"];
const PROXY_FIELDS = ["name", "url"];

/** The body the server sends for what `run` throws: the same mapper as every route. */
async function bodyOf(run: () => unknown): Promise<{ status: number; body: unknown }> {
  try {
    run();
  } catch (error) {
    const response = errorResponse(error);
    return { status: response.status, body: await response.json() };
  }
  throw new Error("did not throw");
}

describe("a failed request's messages land beside the field they are about", () => {
  it.each<[string, () => unknown, string[], Record<string, string>, Record<string, string | RegExp>, string | null | RegExp]>([
    ["an empty name on save", () => CreateTargetInput.parse({ name: "", baseUrl: "https://a/v1" }), TARGET_FIELDS, {}, { name: "Name is required" }, null],
    ["every bad field at once", () => CreateTargetInput.parse({ name: "a/b", baseUrl: "ftp://h", model: "" }), TARGET_FIELDS, {}, { name: /cannot contain '\/'/, baseUrl: /not ftp:\/\//, model: "Model is required" }, null],
    ["test before saving: target.baseUrl is the form's baseUrl", () => TestRouteInput.parse({ target: { baseUrl: "nope" } }), TARGET_FIELDS, {}, { baseUrl: /the scheme is missing/ }, null],
    ["test before saving: proxyUrl is the proxy form's url", () => TestRouteInput.parse({ proxyUrl: "socks4://h:1", targetId: 1 }), PROXY_FIELDS, { proxyUrl: "url" }, { url: /"socks4" is not supported/ }, null],
    ["a field the form does not show goes to the form's line, with its path", () => CreateTargetInput.parse({ name: "t", baseUrl: "https://a/v1", intervalSeconds: 1 }), TARGET_FIELDS, {}, {}, "intervalSeconds: Interval is at least 5 seconds"],
    ["a name clash (409) is shown by the name", () => {
      throw new ConflictError('A target named "x" already exists.', [{ path: "name", message: 'A target named "x" already exists.' }]);
    }, TARGET_FIELDS, {}, { name: 'A target named "x" already exists.' }, null],
    ["an error without details is the form's", () => {
      throw new ConflictError("busy");
    }, TARGET_FIELDS, {}, {}, "busy"],
  ])("%s", async (_label, run, fields, aliases, expectedFields, expectedForm) => {
    const { status, body } = await bodyOf(run);
    const mapped = mapApiErrors(body as never, status, fields, aliases);
    expect(Object.keys(mapped.fieldErrors).sort()).toEqual(Object.keys(expectedFields).sort());
    for (const [field, message] of Object.entries(expectedFields)) expect(mapped.fieldErrors[field]).toMatch(message);
    if (expectedForm === null) expect(mapped.formError).toBeNull();
    else expect(mapped.formError).toMatch(expectedForm);
  });

  it("keeps the first message of a field (the first problem), not the last", () => {
    const body = { error: { message: "x", details: [{ path: "name", message: "Name is required" }, { path: "name", message: "later" }] } };
    expect(mapApiErrors(body, 400, ["name"]).fieldErrors).toEqual({ name: "Name is required" });
  });

  it("without a list of fields, a path's first segment names the field (forms that do not list theirs)", () => {
    const body = { error: { message: "m", details: [{ path: "settings.url", message: "bad url" }, { path: "", message: "whole" }] } };
    expect(mapApiErrors(body, 400, null)).toEqual({ fieldErrors: { settings: "bad url" }, formError: "whole" });
  });
});
