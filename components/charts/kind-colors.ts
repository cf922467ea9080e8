/** One stable colour per failure kind (the same kind keeps its colour everywhere). */
const PALETTE = ["#d9480f", "#c2255c", "#7048e8", "#1971c2", "#0c8599", "#2f9e44", "#e67700", "#862e9c", "#5c940d", "#495057", "#f03e3e", "#1098ad"];

export function kindColor(kind: string): string {
  let hash = 0;
  for (const char of kind) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
