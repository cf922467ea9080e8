import { describe, expect, it } from "vitest";
import { matchesNoProxy } from "@/lib/routes/match-no-proxy";
import { chooseEnvProxy, InvalidEnvProxyError, maskProxyVariable, parseProxyVariable, type ProxyVariables } from "@/lib/routes/resolve-env-proxy";

// The rules are curl's: curl(1) "ENVIRONMENT", CURLOPT_NOPROXY, lib/noproxy.c.

const HTTPS = "https://api.openai.com/v1";
const HTTP = "http://api.local:8080/v1";
const proxy = (host: string, port: number, protocol = "http") => ({ protocol, host, port, username: null, password: null });

describe("which variable applies", () => {
  const A = "http://a.proxy:1";
  const a = "http://lower-a.proxy:2";
  const B = "http://b.proxy:3";
  const b = "http://lower-b.proxy:4";
  const X = "http://x.proxy:5";
  const x = "http://lower-x.proxy:6";
  const cases: Array<[string, string, ProxyVariables, string | null]> = [
    ["https target: HTTPS_PROXY", HTTPS, { HTTPS_PROXY: A }, "HTTPS_PROXY"],
    ["https target: lowercase https_proxy wins over HTTPS_PROXY", HTTPS, { HTTPS_PROXY: A, https_proxy: a }, "https_proxy"],
    ["https target: HTTP_PROXY and http_proxy are not for https", HTTPS, { HTTP_PROXY: X, http_proxy: x }, null],
    ["https target: ALL_PROXY is the fallback", HTTPS, { ALL_PROXY: B, HTTP_PROXY: X }, "ALL_PROXY"],
    ["https target: all_proxy wins over ALL_PROXY", HTTPS, { ALL_PROXY: B, all_proxy: b }, "all_proxy"],
    ["https target: HTTPS_PROXY wins over all_proxy", HTTPS, { HTTPS_PROXY: A, all_proxy: b }, "HTTPS_PROXY"],
    ["https target: an empty https_proxy counts as unset", HTTPS, { https_proxy: "", HTTPS_PROXY: A }, "HTTPS_PROXY"],
    ["https target: a blank one too", HTTPS, { https_proxy: "  ", HTTPS_PROXY: A }, "HTTPS_PROXY"],
    ["http target: lowercase http_proxy", HTTP, { http_proxy: x }, "http_proxy"],
    ["http target: uppercase HTTP_PROXY is ignored (httpoxy)", HTTP, { HTTP_PROXY: X }, null],
    ["http target: HTTP_PROXY ignored, ALL_PROXY used", HTTP, { HTTP_PROXY: X, ALL_PROXY: B }, "ALL_PROXY"],
    ["http target: HTTPS_PROXY is not for http", HTTP, { HTTPS_PROXY: A }, null],
    ["nothing set", HTTPS, {}, null],
  ];

  it.each(cases)("%s", (_name, target, variables, expected) => {
    const choice = chooseEnvProxy(target, variables);
    expect(choice.variable).toBe(expected);
    if (expected === null) expect(choice.route).toEqual({ protocol: "direct" });
    else expect(choice.route).toMatchObject(parseProxyVariable(expected, variables[expected]!));
  });
});

describe("a proxy value, written the way people write it", () => {
  it.each([
    ["127.0.0.1:7890", proxy("127.0.0.1", 7890)],
    [" 127.0.0.1:7890 ", proxy("127.0.0.1", 7890)],
    ["localhost:3128", proxy("localhost", 3128)],
    ["[::1]:7890", proxy("::1", 7890)],
    ["http://127.0.0.1:7890", proxy("127.0.0.1", 7890)],
    ["HTTP://Proxy.Corp:3128/", proxy("proxy.corp", 3128)],
    ["https://proxy.corp:8443", proxy("proxy.corp", 8443, "https")],
    ["socks5://127.0.0.1:7891", proxy("127.0.0.1", 7891, "socks5")],
    ["socks5h://127.0.0.1:7891", proxy("127.0.0.1", 7891, "socks5h")],
    // No port: curl's defaults, 1080 (443 for an https:// proxy).
    ["proxy.corp", proxy("proxy.corp", 1080)],
    ["http://proxy.corp", proxy("proxy.corp", 1080)],
    ["http://u:p@proxy.corp/", { ...proxy("proxy.corp", 1080), username: "u", password: "p" }],
    ["socks5://127.0.0.1", proxy("127.0.0.1", 1080, "socks5")],
    ["https://proxy.corp", proxy("proxy.corp", 443, "https")],
    ["[::1]", proxy("::1", 1080)],
    ["http://proxy.corp:80", proxy("proxy.corp", 80)],
    ["https://proxy.corp:443", proxy("proxy.corp", 443, "https")],
    ["[::1]:80", proxy("::1", 80)],
  ])("%j", (value, expected) => {
    expect(parseProxyVariable("HTTPS_PROXY", value)).toEqual(expected);
  });

  it("a scheme-less value is an HTTP proxy whatever the target's scheme (curl), not an https:// one", () => {
    expect(chooseEnvProxy(HTTPS, { HTTPS_PROXY: "127.0.0.1:7890" }).route).toEqual(proxy("127.0.0.1", 7890));
  });

  it("percent-decodes credentials, with or without a scheme", () => {
    expect(parseProxyVariable("HTTPS_PROXY", "al%40ice:p%3Ass%2Fw@127.0.0.1:7890")).toEqual({
      ...proxy("127.0.0.1", 7890),
      username: "al@ice",
      password: "p:ss/w",
    });
    expect(parseProxyVariable("ALL_PROXY", "socks5h://bob:s%20cret@[::1]:1080")).toEqual({
      ...proxy("::1", 1080, "socks5h"),
      username: "bob",
      password: "s cret",
    });
  });

  it.each([
    ["socks4://127.0.0.1:1080", /SOCKS4 proxies are not supported; use socks5:\/\//],
    ["socks4a://127.0.0.1:1080", /SOCKS4 proxies are not supported/],
    ["ftp://127.0.0.1:21", /the scheme "ftp" is not supported/],
    ["127.0.0.1:99999", /the port must be between 1 and 65535/],
    ["http://127.0.0.1:7890/some/path", /takes no path/],
  ])("refuses %j, naming the variable", (value, reason) => {
    const error = capture(() => parseProxyVariable("HTTPS_PROXY", value));
    expect(error).toBeInstanceOf(InvalidEnvProxyError);
    expect(error.message).toMatch(/^HTTPS_PROXY=".*" cannot be used: /);
    expect(error.message).toMatch(reason);
  });

  it.each(["socks4://u:s3cret-pw@h:1080", "u:s3cret-pw@h:99999", "http://u:s3cret-pw@h:1/x"])("never repeats the password of %j", (value) => {
    const error = capture(() => parseProxyVariable("HTTPS_PROXY", value));
    expect(error.message).not.toContain("s3cret-pw");
    expect(error.message).toContain("u:****@");
  });
});

describe("maskProxyVariable", () => {
  it.each([
    ["bob:s3cret@127.0.0.1:7890", "bob:****@127.0.0.1:7890"],
    ["http://bob:s3cret@127.0.0.1:7890", "http://bob:****@127.0.0.1:7890"],
    ["socks5h://bob:p@ss@w0rd@[::1]:1080", "socks5h://bob:****@[::1]:1080"],
    ["127.0.0.1:7890", "127.0.0.1:7890"],
    ["http://127.0.0.1:7890", "http://127.0.0.1:7890"],
    ["bob@127.0.0.1:7890", "bob@127.0.0.1:7890"],
  ])("%j → %j", (value, masked) => {
    expect(maskProxyVariable(value)).toBe(masked);
  });
});

describe("NO_PROXY", () => {
  const cases: Array<[string, string, number, boolean]> = [
    // [NO_PROXY, host, port, exempt]
    ["*", "api.openai.com", 443, true],
    [" * ", "10.1.2.3", 443, true],
    ["", "api.openai.com", 443, false],
    ["example.com", "example.com", 443, true],
    ["example.com", "api.example.com", 443, true],
    ["example.com", "a.b.example.com", 443, true],
    ["example.com", "notexample.com", 443, false],
    ["example.com", "example.com.evil.net", 443, false],
    [".example.com", "example.com", 443, true],
    [".example.com", "api.example.com", 443, true],
    [".example.com", "notexample.com", 443, false],
    ["*.example.com", "api.example.com", 443, true],
    ["Example.COM", "API.example.com", 443, true],
    ["example.com.", "api.example.com", 443, true],
    ["example.com", "api.example.com.", 443, true],
    ["localhost,127.0.0.1", "localhost", 443, true],
    ["localhost,127.0.0.1", "127.0.0.1", 443, true],
    ["localhost", "127.0.0.1", 443, false],
    ["127.0.0.1", "127.0.0.2", 443, false],
    ["192.168.0.0/16", "192.168.3.4", 443, true],
    ["192.168.0.0/16", "192.169.0.1", 443, false],
    ["10.0.0.0/8", "10.200.1.1", 443, true],
    ["192.168.0.0/24", "192.168.1.1", 443, false],
    ["192.168.0.0", "192.168.0.1", 443, false],
    ["192.168.0.0/33", "192.168.0.1", 443, false],
    ["::1", "[::1]", 443, true],
    ["::1", "::1", 443, true],
    ["[::1]", "[::1]", 443, true],
    ["0:0::1", "[::1]", 443, true],
    ["fd00::/8", "[fd12:3456::1]", 443, true],
    ["fd00::/8", "[fe80::1]", 443, false],
    ["::1", "127.0.0.1", 443, false],
    ["127.0.0.1", "[::1]", 443, false],
    ["foo, bar", "bar", 443, true],
    ["foo,,,   bar ,", "bar", 443, true],
    ["foo bar", "bar", 443, true],
    ["foo\tbar", "bar", 443, true],
    ["example.com:8443", "example.com", 8443, true],
    ["example.com:8443", "example.com", 443, false],
    ["[::1]:8443", "[::1]", 8443, true],
    ["[::1]:8443", "[::1]", 443, false],
    ["127.0.0.1:8080", "127.0.0.1", 8080, true],
  ];

  it.each(cases)("%j exempts %s:%d: %s", (noProxy, host, port, exempt) => {
    expect(matchesNoProxy(host, port, noProxy)).toBe(exempt);
  });

  it("is applied before any proxy variable, lowercase no_proxy first", () => {
    const variables = { HTTPS_PROXY: "127.0.0.1:7890", no_proxy: "internal.corp", NO_PROXY: "api.openai.com" };
    expect(chooseEnvProxy("https://llm.internal.corp/v1", variables)).toEqual({ route: { protocol: "direct" }, variable: "no_proxy" });
    expect(chooseEnvProxy(HTTPS, variables).variable).toBe("HTTPS_PROXY");
    expect(chooseEnvProxy(HTTPS, { HTTPS_PROXY: "127.0.0.1:7890", NO_PROXY: ".openai.com" })).toEqual({ route: { protocol: "direct" }, variable: "NO_PROXY" });
  });

  it("matches the target's effective port and IPv6 literal", () => {
    const variables = { HTTPS_PROXY: "127.0.0.1:7890", NO_PROXY: "::1,[fd00::1]:8443" };
    expect(chooseEnvProxy("https://[::1]/v1", variables).route).toEqual({ protocol: "direct" });
    expect(chooseEnvProxy("https://[fd00::1]:8443/v1", variables).route).toEqual({ protocol: "direct" });
    expect(chooseEnvProxy("https://[fd00::1]/v1", variables).route).toEqual(proxy("127.0.0.1", 7890));
  });

  it("leaves an unusable proxy variable unread when NO_PROXY exempts the host", () => {
    expect(chooseEnvProxy(HTTPS, { HTTPS_PROXY: "socks4://h:1080", NO_PROXY: "*" }).route).toEqual({ protocol: "direct" });
  });
});

function capture(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected an error");
}
