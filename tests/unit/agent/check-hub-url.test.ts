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
    // Loopback in the URL's own words only: a name other than "localhost" goes to DNS, which may answer anything.
    ["http://hub.localhost:3000", true],
    ["http://127.0.0.1.evil.example:3000", true],
    ["http://localhost.evil.example:3000", true],
    ["http://localhost.:3000", true],
    ["http://127.0.0.1.nip.io:3000", true],
    // Spellings the URL parser turns into 127.0.0.1 or ::1 are loopback.
    ["http://0x7f000001:3000", false],
    ["http://127.1:3000", false],
    ["http://[0:0:0:0:0:0:0:1]:3000", false],
    ["http://LOCALHOST:3000", false],
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
    ["https://hub.example.com/proxypulse", /must be the hub's root URL/],
    ["https://hub.example.com/api/agent/", /must be the hub's root URL/],
    ["https://hub.example.com/?x=1", /must be the hub's root URL/],
    ["https://hub.example.com/#frag", /must be the hub's root URL/],
  ])("refuses %s", (url, message) => {
    expect(() => checkHubUrl(url, true)).toThrow(message);
  });
});
