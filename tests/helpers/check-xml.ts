/**
 * A small XML 1.0 well-formedness check for tests (no dependency): one root
 * element, balanced tags, quoted and unique attributes, only the predefined
 * and numeric entities, no bare < or &, no characters XML cannot hold.
 * Returns the problems found (empty when well-formed) and the elements seen.
 */
export function checkXml(text: string): { errors: string[]; elements: Array<{ name: string; attributes: Record<string, string>; text: string }> } {
  const errors: string[] = [];
  const elements: Array<{ name: string; attributes: Record<string, string>; text: string }> = [];
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(text)) errors.push("a character XML 1.0 cannot hold");
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: Array<{ name: string; attributes: Record<string, string>; text: string }> = [];
  let roots = 0;
  const checkText = (chunk: string, where: string) => {
    if (chunk.includes("<")) errors.push(`bare < in ${where}`);
    for (const match of chunk.matchAll(/&([^;\s]*);?/g)) {
      if (!match[0].endsWith(";") || !/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(match[1]!)) errors.push(`bad entity ${match[0]} in ${where}`);
    }
  };
  const decode = (chunk: string) =>
    chunk.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) =>
      entity.startsWith("#x") ? String.fromCodePoint(parseInt(entity.slice(2), 16)) : entity.startsWith("#") ? String.fromCodePoint(Number(entity.slice(1))) : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[entity]!,
    );
  let index = 0;
  while (index < body.length) {
    const open = body.indexOf("<", index);
    const textChunk = body.slice(index, open === -1 ? body.length : open);
    checkText(textChunk, "text");
    if (stack.length) stack.at(-1)!.text += decode(textChunk);
    else if (textChunk.trim()) errors.push("text outside the root element");
    if (open === -1) break;
    const close = body.indexOf(">", open);
    if (close === -1) {
      errors.push("unterminated tag");
      break;
    }
    const tag = body.slice(open + 1, close);
    index = close + 1;
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      const top = stack.pop();
      if (!top || top.name !== name) errors.push(`</${name}> closes <${top?.name ?? "nothing"}>`);
      continue;
    }
    const match = /^([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)$/.exec(tag);
    if (!match) {
      errors.push(`malformed tag <${tag.slice(0, 40)}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const attribute of match[2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (attribute[1]! in attributes) errors.push(`attribute ${attribute[1]} twice`);
      const value = attribute[2] ?? attribute[3] ?? "";
      checkText(value, `attribute ${attribute[1]}`);
      attributes[attribute[1]!] = decode(value);
    }
    const element = { name: match[1]!, attributes, text: "" };
    elements.push(element);
    if (stack.length === 0) roots += 1;
    if (!match[3]) stack.push(element);
  }
  if (stack.length) errors.push(`unclosed <${stack.map((element) => element.name).join("> <")}>`);
  if (roots !== 1) errors.push(`${roots} root elements`);
  return { errors, elements };
}
