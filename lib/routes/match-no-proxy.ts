import net from "node:net";

/**
 * Whether NO_PROXY exempts a host, by curl's rules (lib/noproxy.c, curl ≥ 7.86):
 * `*` alone matches every host; entries are separated by commas, with blanks
 * around them allowed; names match case-insensitively, as the host itself or
 * any subdomain (`example.com` and `.example.com` both cover `api.example.com`
 * but not `notexample.com`), trailing dots ignored on both sides; an IP
 * address target matches only IP entries, exactly or by CIDR range
 * (`192.168.0.0/16`, `fd00::/8`; IPv6 written without brackets).
 *
 * Where curl silently skips an entry it cannot read, we honour it as written,
 * because that is what the user meant: entries separated by blanks alone
 * (curl stops reading at the first such blank), IPv6 addresses in brackets,
 * `*.example.com`, and `host:port` (which then exempts that port only).
 */
export function matchesNoProxy(hostname: string, port: number, noProxy: string): boolean {
  const list = noProxy.trim();
  if (list === "") return false;
  if (list === "*") return true;
  const host = unbracket(hostname).toLowerCase();
  const family = net.isIP(host);
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      const parsed = parseEntry(entry.toLowerCase());
      if (parsed.port !== null && parsed.port !== port) return false;
      return family === 0 ? matchesName(host, parsed.pattern) : matchesAddress(host, family, parsed.pattern);
    });
}

function parseEntry(entry: string): { pattern: string; port: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { pattern: bracketed[1] ?? "", port: bracketed[2] ? Number(bracketed[2]) : null };
  // A bare IPv6 address (more than one colon) carries no port.
  if ((entry.match(/:/g) ?? []).length > 1) return { pattern: entry, port: null };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { pattern: withPort[1] ?? "", port: Number(withPort[2]) } : { pattern: entry, port: null };
}

function matchesName(host: string, pattern: string): boolean {
  const name = host.replace(/\.$/, "");
  const domain = pattern.replace(/\.$/, "").replace(/^\*?\./, "");
  if (domain === "") return false;
  return name === domain || name.endsWith(`.${domain}`);
}

function matchesAddress(address: string, family: number, pattern: string): boolean {
  const [network = "", bitsText] = pattern.split("/");
  const networkFamily = net.isIP(network);
  if (networkFamily !== family) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const maxBits = family === 4 ? 32 : 128;
  if (bitsText !== undefined && !/^\d+$/.test(bitsText)) return false;
  const bits = bitsText === undefined ? maxBits : Number(bitsText);
  if (bits > maxBits) return false;
  const list = new net.BlockList();
  // curl reads a zero prefix as "the whole address", not "everything".
  if (bits === 0 || bits === maxBits) list.addAddress(network, type);
  else list.addSubnet(network, bits, type);
  return list.check(address, type);
}

function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, "$1");
}
