import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import tls from "node:tls";
import { readEnv } from "../env";

export class CaFileError extends Error {
  readonly code = "invalid_ca_file";
  constructor(path: string, reason: string) {
    super(`Cannot use CA file "${path}": ${reason}`);
    this.name = "CaFileError";
  }
}

/**
 * The roots a target trusts: Node's defaults, plus NODE_EXTRA_CA_CERTS, plus the
 * target's own CA file. Passing `ca` to TLS replaces the defaults, so they are
 * listed again here. Undefined (no CA file) keeps Node's own behaviour.
 */
export function trustedRoots(caFile: string | null | undefined): string[] | undefined {
  if (!caFile) return undefined;
  const roots = [...tls.rootCertificates];
  const extra = readEnv().NODE_EXTRA_CA_CERTS;
  if (extra) roots.push(readPem(extra));
  roots.push(readPem(caFile));
  return roots;
}

const contexts = new Map<string, tls.SecureContext>();

/**
 * A TLS context trusting `trustedRoots(caFile)`, shared by every route with
 * the same roots: building one parses ~150 certificates (tens of ms, and
 * hundreds of KB), which thousands of routes must not each pay.
 */
export function secureContextFor(caFile: string | null | undefined): tls.SecureContext | undefined {
  const ca = trustedRoots(caFile);
  if (!ca) return undefined;
  const key = createHash("sha256").update(ca.join("\n")).digest("hex");
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca });
    contexts.set(key, context);
  }
  return context;
}

function readPem(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CaFileError(path, code === "ENOENT" ? "no such file" : `cannot read it (${code ?? "error"})`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) throw new CaFileError(path, "it holds no PEM certificate");
  return text;
}
