import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import tls from "node:tls";
import { readEnv } from "../env";

/** A CA bundle is a few certificates; anything larger is not one (and must not fill the memory). */
export const MAX_CA_FILE_BYTES = 1024 * 1024;

/**
 * One message for every way a CA file can be unusable (missing, unreadable,
 * not a regular file, too big, no certificate): the admin API must not tell
 * whether an arbitrary path exists on the server.
 */
export class CaFileError extends Error {
  readonly code = "invalid_ca_file";
  constructor(path: string) {
    super(`Cannot use CA file "${path}": it must be a readable regular file of at most 1 MB holding PEM certificates.`);
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

/**
 * Reads a PEM file, bounded: opened non-blocking (a FIFO must not wait for a
 * writer), checked on the open descriptor to be a regular file of at most
 * MAX_CA_FILE_BYTES (so /dev/zero or a swapped-in device is refused without a
 * byte read), then read up to that size. Synchronous because a dispatcher is
 * built in a constructor; with the bound it costs at most one 1 MB read.
 */
export function readPem(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    throw new CaFileError(path);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_CA_FILE_BYTES) throw new CaFileError(path);
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_CA_FILE_BYTES) + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    // Grew between the stat and the read: still over the bound.
    if (length > MAX_CA_FILE_BYTES) throw new CaFileError(path);
    const text = buffer.subarray(0, length).toString("utf8");
    if (!text.includes("-----BEGIN CERTIFICATE-----")) throw new CaFileError(path);
    return text;
  } catch (error) {
    if (error instanceof CaFileError) throw error;
    throw new CaFileError(path);
  } finally {
    closeSync(fd);
  }
}
