import { describe, expect, it } from "vitest";
import { parseConfigText } from "@/lib/config/load-config";

const FILE = "/etc/proxypulse.yaml";
const file = (target: string, proxy = "") => `
targets:
  - name: main
    baseUrl: https://api.example.test/v1
${target}
proxies:
  - name: direct
    url: direct
${proxy}
`;

describe("pause and latency thresholds in proxypulse.yaml", () => {
  it("reads enabled, latencyThresholdMs and latencyWindow", () => {
    const config = parseConfigText(file("    enabled: false\n    latencyThresholdMs: 500\n    latencyWindow: 10", "    enabled: false"), FILE, {});
    expect(config.targets[0]).toMatchObject({ enabled: false, latencyThresholdMs: 500, latencyWindow: 10 });
    expect(config.proxies[0]).toMatchObject({ enabled: false });
  });

  it("leaves them out when not given (on, no threshold)", () => {
    const config = parseConfigText(file(""), FILE, {});
    expect(config.targets[0]!.enabled).toBeUndefined();
    expect(config.targets[0]!.latencyThresholdMs).toBeUndefined();
  });

  it.each([
    ["    latencyThresholdMs: 0", "targets[0].latencyThresholdMs"],
    ["    latencyThresholdMs: 600001", "targets[0].latencyThresholdMs"],
    ["    latencyThresholdMs: 1.5", "targets[0].latencyThresholdMs"],
    ['    latencyThresholdMs: "[RESPONSE_TIME] < 500"', "targets[0].latencyThresholdMs"],
    ["    latencyWindow: 0", "targets[0].latencyWindow"],
    ["    latencyWindow: 1001", "targets[0].latencyWindow"],
    ["    enabled: paused", "targets[0].enabled"],
    ["    intervalSeconds: 4", "targets[0].intervalSeconds"],
  ])("refuses %s, naming %s", (line, where) => {
    expect(() => parseConfigText(file(line), FILE, {})).toThrow(where);
  });

  it("refuses a proxy's enabled that is not a boolean", () => {
    expect(() => parseConfigText(file("", "    enabled: 0"), FILE, {})).toThrow("proxies[0].enabled");
  });
});
