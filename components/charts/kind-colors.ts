import { OUTCOME_KIND_NAMES } from "@/lib/classify/kinds";

// One distinct colour per kind, in the kinds table's order, so a kind keeps
// its colour everywhere and no two kinds share one.
const PALETTE = [
  "#2f9e44", "#d9480f", "#e8590c", "#c2255c", "#f03e3e", "#a61e4d", "#7048e8", "#1971c2", "#1098ad", "#0c8599", "#5f3dc4",
  "#f59f00", "#862e9c", "#364fc7", "#087f5b", "#c92a2a", "#74b816", "#e67700", "#5c940d", "#495057", "#9c36b5", "#0b7285", "#868e96",
];

export function kindColor(kind: string): string {
  const index = OUTCOME_KIND_NAMES.indexOf(kind as (typeof OUTCOME_KIND_NAMES)[number]);
  return PALETTE[index >= 0 ? index % PALETTE.length : PALETTE.length - 1]!;
}
