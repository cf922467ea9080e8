import { describe, expect, it } from "vitest";
import { createRedactor, maskSecret, maskUrlSecrets, secretsOfUrl } from "@/lib/secrets/redact";

describe("createRedactor", () => {
  it("removes known secrets in plain, URL-encoded and base64 form", () => {
    const redact = createRedactor(["p@ss word", "sk-live-1234567890"]);
    const text = `proxy http://u:p%40ss%20word@h:1 key sk-live-1234567890 basic ${Buffer.from("p@ss word").toString("base64")}`;
    const clean = redact(text);
    expect(clean).not.toContain("p@ss word");
    expect(clean).not.toContain("p%40ss%20word");
    expect(clean).not.toContain("sk-live-1234567890");
    expect(clean).not.toContain(Buffer.from("p@ss word").toString("base64"));
  });

  it.each([
    ["a Gemini key a message was cut through", "AIzaSyCLIKEYFAKEFAKEFAKEFAKEFAKE1234567", (key: string) => `HTTP 200 with a non-JSON body: "… ${key.slice(0, 35)}…"`],
    ["an Azure key cut at its 20th character", "0123456789abcdef0123456789abcdef", (key: string) => `body: {"key":"${key.slice(0, 20)}`],
    ["a key cut right after a word", "sk-test-CLIKEY0123456789", (key: string) => `payload=y${key.slice(0, 12)}`],
    ["a key escaped inside JSON", 'my"gateway\\key-0123456789', (key: string) => JSON.stringify({ echoed: key })],
    ["a key cut inside its JSON-escaped form", 'my"gateway\\key-0123456789', (key: string) => JSON.stringify({ echoed: key }).slice(0, 24)],
  ])("hides %s", (_name, key, echo) => {
    const clean = createRedactor([key])(echo(key));
    for (const length of [8, 12, key.length]) expect(clean).not.toContain(key.slice(0, length));
    expect(clean).not.toContain(JSON.stringify(key).slice(1, 9));
    expect(clean).toContain("****");
  });

  it("leaves text that merely shares a few first characters with a key", () => {
    expect(createRedactor(["AIzaSyCLIKEYFAKEFAKEFAKE"])("AIzaSy is how Google keys start")).toBe("AIzaSy is how Google keys start");
  });

  it("masks anything shaped like an OpenAI key or a URL password even when unknown", () => {
    expect(createRedactor([])("key sk-proj-abcdefghijklmnop at socks5://a:b@h:1")).toBe("key sk-…mnop at socks5://a:****@h:1");
  });
});

describe("maskSecret", () => {
  it("shows a recognisable but useless fragment", () => {
    expect(maskSecret("sk-proj-abcdefghijklmnop")).toBe("sk-…mnop");
    expect(maskSecret("short")).toBe("****");
    expect(maskSecret(undefined)).toBeNull();
  });
});

describe("secretsOfUrl", () => {
  it.each([
    ["https://hooks.slack.com/services/T0123ABC/B0456DEF/abcdefghijklmnopqrstuvwx", ["T0123ABC", "B0456DEF", "abcdefghijklmnopqrstuvwx", "/services/T0123ABC/B0456DEF/abcdefghijklmnopqrstuvwx"]],
    ["https://oapi.dingtalk.com/robot/send?access_token=ab12cd34", ["ab12cd34", "?access_token=ab12cd34", "access_token=ab12cd34"]],
    ["https://u%40x:p%20w@example.test/hook", ["u%40x", "p%20w", "u@x", "p w"]],
  ])("lists the credentials in %s", (url, expected) => {
    expect(secretsOfUrl(url)).toEqual(expect.arrayContaining(expected));
  });

  it("leaves words of the path alone", () => {
    expect(secretsOfUrl("https://example.test/cgi-bin/webhook/send")).not.toContain("webhook");
  });
});

describe("maskUrlSecrets", () => {
  it("masks user info and queries of any http(s) URL, keeping where it points", () => {
    expect(maskUrlSecrets("failed: https://user:pw@h.example:8443/p/a?token=x&y=z then http://plain.example/ok")).toBe("failed: https://****@h.example:8443/p/a?**** then http://plain.example/ok");
  });
});
