import { describe, expect, it } from "vitest";
import { checkHubUrl } from "@/lib/agent/check-hub-url";

describe("the hub URL an agent accepts", () => {
  it.each([
    ["https://hub.example.com", false],
    ["https://203.0.113.5:8443/", false],
    ["http://127.0.0.1:3000", false],
    ["http://127.8.9.10:3000", false],
    ["http://localhost:3000", false],
    ["http://[::1]:3000", false],
    ["http://10.0.0.5:3000", true],
    ["http://hub.example.com", true],
    ["http://[::ffff:127.0.0.1]:3000", true],
  ])("%s (needs --allow-insecure-http: %s)", (url, needsFlag) => {
    if (needsFlag) {
      expect(() => checkHubUrl(url, false)).toThrow(/refusing plain http .* --allow-insecure-http/);
      expect(checkHubUrl(url, true).href).toBe(new URL(url).href);
    } else expect(checkHubUrl(url, false).href).toBe(new URL(url).href);
  });

  it.each([
    ["not a url", /must be the hub's URL/],
    ["ftp://hub.example.com", /must be an https:\/\/ URL/],
    ["https://user:pass@hub.example.com", /must not hold a user name or password/],
  ])("refuses %s", (url, message) => {
    expect(() => checkHubUrl(url, true)).toThrow(message);
  });
});
