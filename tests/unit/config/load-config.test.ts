import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, defaultConfig, loadConfig, parseConfigText } from "@/lib/config/load-config";

const FILE = "/etc/proxypulse.yaml";

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfigText(text, FILE, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(FILE);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

const VALID = `
intervalSeconds: 30
timeoutMs: 8000
targets:
  - name: openai
    baseUrl: https://api.openai.com/v1
    apiKey: \${OPENAI_API_KEY}
    model: gpt-4o-mini
    probe: chat
  - name: local
    baseUrl: http://127.0.0.1:11434/v1
    apiKey: "sk-local-\${SUFFIX:-none}"
    probe: models
proxies:
  - name: direct
    url: direct
  - name: clash
    url: http://user:\${CLASH_PASSWORD}@127.0.0.1:7890
`;

describe("parseConfigText", () => {
  it("reads the documented shape, interpolating variables and keeping a bare ${VAR} key as a reference", () => {
    const config = parseConfigText(VALID, FILE, { OPENAI_API_KEY: "sk-real", CLASH_PASSWORD: "p@ss" });
    expect(config.intervalSeconds).toBe(30);
    expect(config.timeoutMs).toBe(8000);
    expect(config.targets[0]).toEqual({ name: "openai", baseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", model: "gpt-4o-mini", provider: "openai", probe: "chat", publicHost: false, paidProbeEvery: 1, manualOnly: false });
    expect(config.targets[1]).toMatchObject({ apiKey: "sk-local-none", probe: "models", model: "gpt-4o-mini" });
    expect(config.proxies[1]).toEqual({ name: "clash", url: "http://user:p@ss@127.0.0.1:7890", publicHost: false });
    expect(config.retention).toEqual({ rawDays: 7, minuteRollupDays: 2, rollupDays: 400 });
    expect(config.alerts).toBeUndefined();
  });

  it.each([
    ["proxies:\n  - name: a\n    url: direct\n  - name: b\n    url: direct\n  - name: c\n    url: ftp://x:1\n", /^proxies\[2\]\.url: Invalid proxy "ftp:\/\/x:1": the scheme "ftp" is not supported/],
    ["targets:\n  - name: t\n    baseUrl: api.openai.com\n", /^targets\[0\]\.baseUrl: Base URL must be an http\(s\) URL .*the scheme is missing/],
    ["targets:\n  - name: t\n    baseUrl: https://a/v1\n    probe: completions\n", /^targets\[0\]\.probe: /],
    ["targets:\n  - name: t\n    baseUrl: https://a/v1\n    apiKey: ${MISSING}\n", /^targets\[0\]\.apiKey: environment variable MISSING is not set/],
    ["proxies:\n  - name: p\n    url: http://u:${NOPE}@h:1\n", /^proxies\[0\]\.url: environment variable NOPE is not set/],
    ["proxies:\n  - name: same\n    url: direct\n  - name: Same\n    url: env\n", /^proxies\[1\]\.name: duplicate name "Same" \(also proxies\[0\]\)/],
    ["intervalSeconds: 1\n", /^intervalSeconds: Interval is at least 5 seconds$/],
    ["intervalSeconds: soon\n", /^intervalSeconds: Interval must be a number of seconds$/],
    ["targets:\n  - name: t\n    baseUrl: https://a/v1\n    colour: red\n", /^targets\[0\]: Unrecognized key: "colour"/],
    ["targets: [\n", /^line \d+: /],
  ])("refuses %j with the path and the problem", (text, expected) => {
    const problems = problemsOf(text);
    expect(problems.some((problem) => expected.test(problem))).toBe(true);
  });
});

describe("loadConfig", () => {
  const dir = mkdtempSync(join(tmpdir(), "proxypulse-config-"));

  it("reads ./proxypulse.yaml when present", () => {
    const cwd = mkdtempSync(join(dir, "with-"));
    writeFileSync(join(cwd, "proxypulse.yaml"), "proxies:\n  - name: only\n    url: socks5h://127.0.0.1:1080\n");
    const loaded = loadConfig(undefined, {}, cwd);
    expect(loaded.file).toBe(join(cwd, "proxypulse.yaml"));
    expect(loaded.config.proxies).toEqual([{ name: "only", url: "socks5h://127.0.0.1:1080", publicHost: false }]);
  });

  it("uses the defaults when there is no file: OpenAI when a key is set, direct plus env when proxy variables are", () => {
    const cwd = mkdtempSync(join(dir, "without-"));
    const loaded = loadConfig(undefined, { OPENAI_API_KEY: "k", HTTPS_PROXY: "http://127.0.0.1:7890" }, cwd);
    expect(loaded.file).toBeNull();
    expect(loaded.config.targets).toEqual([{ name: "OpenAI", baseUrl: "https://api.openai.com/v1", apiKeyEnv: "OPENAI_API_KEY", model: "gpt-4o-mini", provider: "openai", probe: "chat", publicHost: false, paidProbeEvery: 1, manualOnly: false }]);
    expect(loaded.config.proxies.map((proxy) => proxy.url)).toEqual(["direct", "env"]);
    const bare = defaultConfig({});
    expect(bare.targets).toEqual([]);
    expect(bare.proxies.map((proxy) => proxy.url)).toEqual(["direct"]);
  });

  it("refuses a PROXYPULSE_CONFIG path that does not exist", () => {
    expect(() => loadConfig(join(dir, "missing.yaml"), {})).toThrow(/missing\.yaml:\n {2}- the file does not exist/);
  });
});
