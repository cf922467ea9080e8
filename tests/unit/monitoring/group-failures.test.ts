import { describe, expect, it } from "vitest";
import { groupFailures, messageClass, type FailureRow } from "@/lib/monitoring/group-failures";

const T0 = Date.UTC(2026, 10, 27, 12, 20, 0);

/** Failures newest first, one a minute back from 12:20, from compact specs "kind[/status][:message]". */
function rows(...specs: string[]): FailureRow[] {
  return specs.map((spec, i) => {
    const [head, message = null] = spec.split(":", 2) as [string, string?];
    const [kind, status] = head.split("/") as [string, string?];
    return { id: 1000 - i, at: new Date(T0 - i * 60_000).toISOString(), kind, httpStatus: status ? Number(status) : null, apiErrorCode: null, message };
  });
}

const summary = (specs: string[]) => groupFailures(rows(...specs)).map((g) => `${g.kind}${g.httpStatus ? `/${g.httpStatus}` : ""}×${g.count} ${g.firstAt.slice(11, 16)}–${g.lastAt.slice(11, 16)}`);

describe("groupFailures: runs of identical consecutive failures, newest first", () => {
  it.each<[string, string[], string[]]>([
    ["nothing", [], []],
    ["one failure", ["timeout"], ["timeout×1 12:20–12:20"]],
    ["twenty timeouts are one run with the first and last time", Array(20).fill("timeout"), ["timeout×20 12:01–12:20"]],
    ["another kind splits the run", ["timeout", "timeout", "dns_failure", "timeout"], ["timeout×2 12:19–12:20", "dns_failure×1 12:18–12:18", "timeout×1 12:17–12:17"]],
    ["another HTTP status splits the run", ["server_error/502", "server_error/502", "server_error/503"], ["server_error/502×2 12:19–12:20", "server_error/503×1 12:18–12:18"]],
    ["messages differing only in numbers are one run", ["timeout:no answer after 15001 ms", "timeout:no answer after 15003 ms"], ["timeout×2 12:19–12:20"]],
    ["different messages are different runs", ["connection_refused:connect ECONNREFUSED 127.0.0.1:9", "connection_refused:proxy said no"], ["connection_refused×1 12:20–12:20", "connection_refused×1 12:19–12:19"]],
  ])("%s", (_label, specs, expected) => {
    expect(summary(specs)).toEqual(expected);
  });

  it("a run knows its newest and oldest ids (for paging) and keeps at most the members asked for", () => {
    const [group] = groupFailures(rows(...Array(5).fill("timeout")), 3);
    expect(group).toMatchObject({ count: 5, newestId: 1000, oldestId: 996 });
    expect(group!.members.map((member) => member.id)).toEqual([1000, 999, 998]);
  });

  it("an API error code splits a run", () => {
    const input = rows("rate_limited/429", "rate_limited/429");
    input[1]!.apiErrorCode = "insufficient_quota";
    expect(groupFailures(input).map((group) => group.count)).toEqual([1, 1]);
  });
});

describe("messageClass: what changes between repeats of one failure is left out", () => {
  it.each([
    ["connect ETIMEDOUT 10.0.0.1:443", "connect ETIMEDOUT #"],
    ["request req_abc123XYZ failed", "request # failed"],
    ["id 3f2c9a1e-0b7d-4c55-9e21-7a6b5c4d3e2f gone", "id # gone"],
    ["Proxy response (407) !== 200 when HTTP Tunneling", "Proxy response (#) !== # when HTTP Tunneling"],
  ])("%s", (message, expected) => {
    expect(messageClass(message)).toBe(expected);
  });
});
