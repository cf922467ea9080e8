import { describe, expect, it } from "vitest";
import { parsePrometheusText } from "../../helpers/prometheus-text";

// The checker that the /metrics test relies on must itself refuse bad text.
describe("parsePrometheusText", () => {
  const good = `# HELP a_total A.\n# TYPE a_total counter\na_total{kind="ok",route="1"} 3\n# TYPE h histogram\nh_bucket{le="0.5",r="1"} 1\nh_bucket{le="+Inf",r="1"} 2\nh_sum{r="1"} 0.9\nh_count{r="1"} 2\n`;

  it("reads valid text", () => {
    const families = parsePrometheusText(good);
    expect(families.get("a_total")?.samples).toEqual([{ name: "a_total", labels: { kind: "ok", route: "1" }, value: 3 }]);
  });

  it.each([
    ["a sample without a value", "# TYPE x gauge\nx{a=\"1\"}\n"],
    ["an unquoted label", "# TYPE x gauge\nx{a=1} 1\n"],
    ["a sample of another family inside a block", "# TYPE x gauge\ny 1\n"],
    ["a bad value", "# TYPE x gauge\nx 1,5\n"],
    ["buckets that are not cumulative", "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_count 2\n"],
    ["+Inf not equal to _count", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\n"],
    ["a family split in two", "# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\n# TYPE x gauge\n"],
  ])("refuses %s", (_name, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
