/**
 * The deepest nesting of arrays and objects any API body needs, with room to
 * spare (an agent's batch nests 5 deep, a config object about 8).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth`, by one
 * pass over its characters (strings skipped), before JSON.parse: parsing a
 * megabyte of nested brackets blocks the event loop for most of a second,
 * where a megabyte of flat JSON takes tens of milliseconds.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // a backslash: the next character is escaped
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (code === 0x5d || code === 0x7d) depth--;
  }
  return false;
}
