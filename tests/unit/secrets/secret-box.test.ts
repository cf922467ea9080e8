import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAdminToken } from "@/lib/auth/admin-token";
import { InvalidSecretKeyError, loadSecretKey, MissingSecretKeyError, SECRET_KEY_FILE } from "@/lib/secrets/load-secret-key";
import { SecretBox, SecretDecryptionError } from "@/lib/secrets/secret-box";

const dir = () => mkdtempSync(join(tmpdir(), "proxypulse-secrets-"));

describe("SecretBox", () => {
  it("seals with AES-256-GCM: different every time, opened only with the same key", () => {
    const box = new SecretBox(Buffer.alloc(32, 7));
    const a = box.seal("sk-secret-value");
    const b = box.seal("sk-secret-value");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toContain("sk-secret");
    expect(box.open(a)).toBe("sk-secret-value");
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(a)).toThrow(SecretDecryptionError);
  });

  it("refuses a tampered value", () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal("value");
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`v1:${raw.toString("base64")}`)).toThrow(SecretDecryptionError);
    expect(() => box.open("v2:abc")).toThrow(SecretDecryptionError);
  });
});

describe("loadSecretKey", () => {
  it("makes a key file (mode 0600) on first start and reads it afterwards", () => {
    const data = dir();
    const first = loadSecretKey(undefined, data);
    expect(first).toHaveLength(32);
    expect(statSync(join(data, "secret.key")).mode & 0o777).toBe(0o600);
    expect(loadSecretKey(undefined, data).equals(first)).toBe(true);
  });

  it("prefers PROXYPULSE_SECRET_KEY, in hex or base64, and refuses anything else", () => {
    const hex = "ab".repeat(32);
    expect(loadSecretKey(hex, dir()).toString("hex")).toBe(hex);
    expect(loadSecretKey(Buffer.alloc(32, 9).toString("base64"), dir()).equals(Buffer.alloc(32, 9))).toBe(true);
    expect(() => loadSecretKey("too-short", dir())).toThrow(InvalidSecretKeyError);
    const data = dir();
    writeFileSync(join(data, "secret.key"), "not a key\n");
    expect(() => loadSecretKey(undefined, data)).toThrow(/secret\.key must hold 32 bytes/);
  });
});

describe("loadAdminToken", () => {
  it("generates a token once, announces it once, and keeps it (mode 0600)", () => {
    const data = dir();
    const announced: string[] = [];
    const token = loadAdminToken(undefined, data, (value) => announced.push(value));
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(loadAdminToken(undefined, data, (value) => announced.push(value))).toBe(token);
    expect(announced).toEqual([token]);
    expect(readFileSync(join(data, "admin.token"), "utf8").trim()).toBe(token);
    expect(statSync(join(data, "admin.token")).mode & 0o777).toBe(0o600);
    expect(loadAdminToken("from-the-environment-123", data, () => announced.push("x"))).toBe("from-the-environment-123");
  });
});

describe("loadSecretKey when the key file is missing", () => {
  it.each([
    { sealed: [], makes: true },
    { sealed: ['target "main" (API key)'], makes: false },
    { sealed: Array.from({ length: 7 }, (_, i) => `proxy "p${i}" (password)`), makes: false },
  ])("makes a new key only when no stored secret needs the old one ($sealed.length sealed)", ({ sealed, makes }) => {
    const data = join(dir(), "data");
    const path = join(data, SECRET_KEY_FILE);
    if (makes) {
      expect(loadSecretKey(undefined, data, () => sealed)).toHaveLength(32);
      expect(existsSync(path)).toBe(true);
      return;
    }
    expect(() => loadSecretKey(undefined, data, () => sealed)).toThrow(MissingSecretKeyError);
    expect(() => loadSecretKey(undefined, data, () => sealed)).toThrow(new RegExp(`The secret key file ${path} is missing, but the database holds ${sealed.length} secret\\(s\\)`));
    expect(() => loadSecretKey(undefined, data, () => sealed)).toThrow(sealed.length > 5 ? /and 2 more/ : /target "main" \(API key\)/);
    expect(existsSync(path)).toBe(false);
  });
});
