/**
 * A strict reader of the Prometheus text exposition format (0.0.4): it throws
 * on any line the format does not allow, on samples before their TYPE, on a
 * family split in two, and on histograms whose buckets are not cumulative or
 * whose +Inf bucket differs from _count. It returns the samples by family.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: string;
  help: string | null;
  samples: Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (\\S+)(?: (-?\\d+))?$`);
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]?Inf|NaN)$/;
const SUFFIXES: Record<string, string[]> = { histogram: ["_bucket", "_sum", "_count"], summary: ["", "_sum", "_count"], counter: ["", "_total"] };

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  let current: Family | null = null;
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((line, index) => {
    const where = `line ${index + 1} ("${line}")`;
    if (line.trim() === "") return; // the format ignores empty lines
    if (line.startsWith("#")) {
      const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!meta) return; // other comments are allowed
      const [, keyword, name = "", rest = ""] = meta;
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`${where}: bad metric name`);
      let family = families.get(name);
      if (family && closed.has(name)) throw new Error(`${where}: family ${name} appears twice`);
      if (!family) {
        if (current) closed.add(current.name);
        family = { name, type: "untyped", help: null, samples: [] };
        families.set(name, family);
        current = family;
      }
      if (keyword === "TYPE") {
        if (!["counter", "gauge", "histogram", "summary", "untyped"].includes(rest)) throw new Error(`${where}: bad type`);
        if (family.samples.length) throw new Error(`${where}: TYPE after samples`);
        family.type = rest;
      } else {
        family.help = rest;
      }
      return;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`${where}: not a valid sample line`);
    const [, name = "", labelText = "", valueText = ""] = match;
    if (!VALUE.test(valueText)) throw new Error(`${where}: bad value`);
    const family = current as Family | null;
    const suffixes = family ? (SUFFIXES[family.type] ?? [""]) : [""];
    if (!family || !suffixes.some((suffix) => `${family.name}${suffix}` === name)) throw new Error(`${where}: sample outside its family's block`);
    const labels: Record<string, string> = {};
    for (const pair of labelText.matchAll(new RegExp(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`, "g"))) {
      if (pair[1]! in labels) throw new Error(`${where}: label ${pair[1]} repeated`);
      labels[pair[1]!] = pair[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    }
    family.samples.push({ name, labels, value: valueText.endsWith("Inf") ? (valueText.startsWith("-") ? -Infinity : Infinity) : Number(valueText) });
  });
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: Array<[number, number]>; count?: number }>();
  const keyOf = (labels: Record<string, string>) =>
    JSON.stringify(Object.entries(labels).filter(([name]) => name !== "le").sort());
  for (const sample of family.samples) {
    const key = keyOf(sample.labels);
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith("_bucket")) {
      const le = sample.labels.le;
      if (le === undefined) throw new Error(`${family.name}: bucket without le`);
      entry.buckets.push([le === "+Inf" ? Infinity : Number(le), sample.value]);
    } else if (sample.name.endsWith("_count")) {
      entry.count = sample.value;
    }
  }
  for (const [key, entry] of series) {
    const last = entry.buckets.at(-1);
    if (!last || last[0] !== Infinity) throw new Error(`${family.name} ${key}: no +Inf bucket`);
    entry.buckets.forEach(([le, count], i) => {
      const previous = entry.buckets[i - 1];
      if (previous && (le <= previous[0] || count < previous[1])) throw new Error(`${family.name} ${key}: buckets not ascending and cumulative`);
    });
    if (entry.count !== last[1]) throw new Error(`${family.name} ${key}: +Inf bucket ${last[1]} differs from _count ${entry.count}`);
  }
}
