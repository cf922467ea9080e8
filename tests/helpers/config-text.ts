import { expect } from "vitest";
import { ConfigError, parseConfigText } from "@/lib/config/load-config";

export const CONFIG_FILE = "/etc/proxypulse.yaml";

/** A proxypulse.yaml with one target, these lines added to it (one key per line). */
export function oneTargetConfig(lines: string): string {
  return `targets:\n  - name: t\n    baseUrl: https://api.example.com\n${lines
    .split("\n")
    .filter(Boolean)
    .map((line) => `    ${line}`)
    .join("\n")}\n`;
}

/** The problems a refused configuration is refused with; fails when it is accepted. */
export function configProblems(text: string): string[] {
  try {
    parseConfigText(text, CONFIG_FILE, {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}
