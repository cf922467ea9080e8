import { describe, expect, it } from "vitest";
import { describeProxySpec, InvalidProxySpecError, maskProxyString, parseProxySpec } from "@/lib/routes/parse-proxy-spec";

describe("parseProxySpec", () => {
  it.each([
    ["direct", { protocol: "direct" }],
    [" DIRECT ", { protocol: "direct" }],
    ["env", { protocol: "env" }],
    ["http://127.0.0.1:7890", { protocol: "http", host: "127.0.0.1", port: 7890, username: null, password: null }],
    ["http://proxy.corp", { protocol: "http", host: "proxy.corp", port: 80, username: null, password: null }],
    ["https://u:p@proxy.corp:8443", { protocol: "https", host: "proxy.corp", port: 8443, username: "u", password: "p" }],
    ["socks5://127.0.0.1", { protocol: "socks5", host: "127.0.0.1", port: 1080, username: null, password: null }],
    ["socks5h://al%40ice:p%3Ass@[::1]:1081", { protocol: "socks5h", host: "::1", port: 1081, username: "al@ice", password: "p:ss" }],
    ["HTTP://Proxy:3128/", { protocol: "http", host: "proxy", port: 3128, username: null, password: null }],
  ])("accepts %s", (input, expected) => {
    expect(parseProxySpec(input)).toEqual(expected);
  });

  it.each([
    ["", /it is empty/],
    ["127.0.0.1:7890", /it has no scheme/],
    ["ftp://h:21", /the scheme "ftp" is not supported/],
    ["socks4://h:1080", /the scheme "socks4" is not supported/],
    ["http://h:99999", /the port must be between 1 and 65535/],
    ["http://u:p@h:70000", /the port must be between 1 and 65535/],
    ["socks5://h:abc", /the port is not a number/],
    ["http://u:p@ss@h:70000", /the port must be between 1 and 65535/],
    ["http://[::1]:99999", /the port must be between 1 and 65535/],
    ["http://h:1/path", /takes no path/],
    ["http://h:1?x=1", /takes no query/],
    ["http://:secret@h:1", /password but no user name/],
  ])("rejects %j naming the value and the accepted forms", (input, reason) => {
    const error = (() => {
      try {
        parseProxySpec(input);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidProxySpecError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toContain("Accepted forms: direct, env, http://[user:pass@]host:port");
  });

  it("never repeats a password in its error", () => {
    expect(() => parseProxySpec("http://u:TopSecret@h:notaport")).toThrow(/http:\/\/u:\*\*\*\*@h:notaport/);
    expect(() => parseProxySpec("http://u:TopSecret@h:notaport")).not.toThrow(/TopSecret/);
  });
});

describe("describing and masking", () => {
  it("describes a spec with its password masked", () => {
    expect(describeProxySpec(parseProxySpec("socks5h://al%40ice:pw@[::1]:1081"))).toBe("socks5h://al%40ice:****@[::1]:1081");
    expect(describeProxySpec(parseProxySpec("http://127.0.0.1:7890"))).toBe("http://127.0.0.1:7890");
  });

  it("masks passwords of URLs inside any text", () => {
    expect(maskProxyString("HTTPS_PROXY=http://bob:hunter2@10.0.0.1:3128 and socks5://a:b@h:1")).toBe(
      "HTTPS_PROXY=http://bob:****@10.0.0.1:3128 and socks5://a:****@h:1",
    );
  });
});
