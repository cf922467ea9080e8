import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { CliError, EXIT, UsageError, wantsJson } from "@/cli/cli-error";
import { reportCliError } from "@/cli/report-cli-error";
import { InvalidProxySpecError } from "@/lib/routes/parse-proxy-spec";

function sink(): Writable & { text: string } {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      stream.text += chunk.toString();
      done();
    },
  }) as Writable & { text: string };
  stream.text = "";
  return stream;
}

describe("reportCliError", () => {
  it.each([
    [new UsageError("--target is required"), "bad_usage", EXIT.usage],
    [new CliError("server_unreachable", "cannot reach ProxyPulse", EXIT.failed), "server_unreachable", EXIT.failed],
    [new InvalidProxySpecError("socks4://h:1", 'the scheme "socks4" is not supported'), "invalid_proxy", EXIT.usage],
    [new TypeError("boom"), "internal_error", EXIT.failed],
  ])("under --json prints %s as the HTTP API's error shape on stdout", (error, code, exitCode) => {
    const out = sink();
    const err = sink();
    expect(reportCliError(error, true, out, err)).toBe(exitCode);
    expect(JSON.parse(out.text)).toEqual({ error: { code, message: expect.stringContaining(error.message) } });
  });

  it("without --json prints a line on stderr, and leaves an unexpected error to crash", () => {
    const out = sink();
    const err = sink();
    expect(reportCliError(new UsageError("--target is required"), false, out, err)).toBe(EXIT.usage);
    expect(out.text).toBe("");
    expect(err.text).toBe('proxypulse: --target is required\nRun "proxypulse help" for usage.\n');
    expect(reportCliError(new TypeError("boom"), false, out, err)).toBeNull();
  });

  it.each([
    [["probe", "--json"], true],
    [["best-route", "--format", "json"], true],
    [["best-route", "--format=json"], true],
    [["best-route", "--format", "env"], false],
    [["probe"], false],
  ])("%j wants JSON: %s", (argv, expected) => {
    expect(wantsJson(argv)).toBe(expected);
  });
});
