import { describe, expect, it } from "vitest";
import { ConfigError, parseConfigText } from "@/lib/config/load-config";
import { LocationName, LocationNameList } from "@/lib/locations/location-name";

const FILE = "/etc/proxypulse.yaml";
const file = (top: string, target = "", proxy = "") => `
${top}
targets:
  - name: main
    baseUrl: https://api.example.test/v1
${target}
proxies:
  - name: direct
    url: direct
${proxy}
`;

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, FILE, {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

describe("locations in proxypulse.yaml", () => {
  it("reads the hub's location, the agents' locations and the lists on targets and proxies", () => {
    const config = parseConfigText(
      file("location: { name: office, region: Shanghai }\nlocations:\n  - { name: hk-vps, region: Hong Kong }\n  - name: fra.1", "    locations: [office, hk-vps]", "    locations: [office]"),
      FILE,
      {},
    );
    expect(config.location).toEqual({ name: "office", region: "Shanghai" });
    expect(config.locations).toEqual([{ name: "hk-vps", region: "Hong Kong" }, { name: "fra.1" }]);
    expect(config.targets[0]!.locations).toEqual(["office", "hk-vps"]);
    expect(config.proxies[0]!.locations).toEqual(["office"]);
  });

  it("leaves everything out when not given: the hub keeps its name, every route everywhere", () => {
    const config = parseConfigText(file(""), FILE, {});
    expect(config.location).toBeUndefined();
    expect(config.locations).toEqual([]);
    expect(config.targets[0]!.locations).toBeUndefined();
    expect(config.proxies[0]!.locations).toBeUndefined();
  });

  it("lets the lists name the hub by its default name when the file does not rename it", () => {
    const config = parseConfigText(file("locations: [{ name: hk }]", "    locations: [local, hk]"), FILE, {});
    expect(config.targets[0]!.locations).toEqual(["local", "hk"]);
  });

  it.each([
    ["a name with a space", "locations: [{ name: hong kong }]", "", "", /^locations\[0\]\.name: A location name holds only letters a–z, A–Z, digits, '-', '_' and '\.'/],
    ["a name with a slash", "locations: [{ name: a/b }]", "", "", /^locations\[0\]\.name: A location name holds only/],
    ["a Chinese name", "locations: [{ name: 香港 }]", "", "", /^locations\[0\]\.name: A location name holds only/],
    ["a name starting with a dot", "locations: [{ name: .hk }]", "", "", /^locations\[0\]\.name: A location name .*starts with a letter or digit/],
    ["an empty name", 'locations: [{ name: "" }]', "", "", /^locations\[0\]\.name: A location name is required$/],
    ["a name of 65 characters", `locations: [{ name: ${"a".repeat(65)} }]`, "", "", /^locations\[0\]\.name: A location name is at most 64 characters$/],
    ["a number as name", "locations: [{ name: 5 }]", "", "", /^locations\[0\]\.name: A location name must be text$/],
    ["a location without a name", "locations: [{ region: x }]", "", "", /^locations\[0\]\.name: A location name must be text$/],
    ["an unknown key", "locations: [{ name: hk, token: ppa_x }]", "", "", /^locations\[0\]: Unrecognized key: "token"$/],
    ["a location as plain text", "locations: [hk]", "", "", /^locations\[0\]: a location is \{ name, region\? \}/],
    ["locations as one name", "locations: hk", "", "", /^locations: locations is a list of \{ name, region\? \}/],
    ["the hub as a name only", "location: office", "", "", /^location: a location is \{ name, region\? \}/],
    ["a region with a line break", 'locations: [{ name: hk, region: "a\\nb" }]', "", "", /^locations\[0\]\.region: A region cannot contain line breaks/],
    ["a duplicate name", "locations: [{ name: hk }, { name: HK }]", "", "", /^locations\[1\]\.name: duplicate location name "HK" \(also locations\[0\]\)$/],
    ["the hub's name again", "location: { name: office }\nlocations: [{ name: office }]", "", "", /^locations\[0\]\.name: "office" is the hub's own location \(location\.name\)/],
    ["the hub's default name again", "locations: [{ name: Local }]", "", "", /^locations\[0\]\.name: "Local" is the hub's own location \(the default name of the hub's own location\)/],
    ["a bad hub name", "location: { name: my office }", "", "", /^location\.name: A location name holds only/],
    ["a target naming an unknown location", "locations: [{ name: hk }]", "    locations: [hk, tokyo]", "", /^targets\[0\]\.locations\[1\]: unknown location "tokyo"; the locations are: local, hk$/],
    ["a proxy naming an unknown location", "location: { name: office }", "", "    locations: [local]", /^proxies\[0\]\.locations\[0\]: unknown location "local"; the locations are: office$/],
    ["a list spelled in another case", "locations: [{ name: hk }]", "    locations: [HK]", "", /^targets\[0\]\.locations\[0\]: unknown location "HK" \(did you mean "hk"\?/],
    ["an empty list", "", "    locations: []", "", /^targets\[0\]\.locations: locations is empty: leave it out to probe from every location$/],
    ["a name listed twice", "locations: [{ name: hk }]", "    locations: [hk, hk]", "", /^targets\[0\]\.locations\[1\]: location "hk" is listed twice$/],
    ["a list as text", "", "    locations: local", "", /^targets\[0\]\.locations: locations must be a list of location names/],
  ])("refuses %s with a message at its place", (_label, top, target, proxy, expected) => {
    const problems = problemsOf(file(top, target, proxy));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it.each([
    ["a plain name", "hk-vps"],
    ["digits and dots", "10.0.0.1"],
    ["underscores", "eu_west_1"],
    ["64 characters", "a".repeat(64)],
  ])("accepts %s", (_label, name) => {
    expect(LocationName.safeParse(name).success).toBe(true);
    expect(LocationNameList.safeParse([name]).success).toBe(true);
  });
});
