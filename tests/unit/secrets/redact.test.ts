import { describe, expect, it } from "vitest";
import { createRedactor, maskSecret } from "@/lib/secrets/redact";

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
