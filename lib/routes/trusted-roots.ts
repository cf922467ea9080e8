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

const contexts = new Map<string, tls.SecureContext>();

/** The native half of a SecureContext (Node's own tls.createSecureContext uses addCACert for `ca`). */
interface NativeContext {
  addCACert?: (pem: string) => void;
}

/**
 * A TLS context trusting Node's roots, NODE_EXTRA_CA_CERTS and the target's
 * own CA file, shared by every route with the same file contents.
 * Undefined (no CA file) keeps Node's own behaviour.
 *
 * Passing `ca` to tls.createSecureContext replaces the defaults, so listing
 * them again means parsing ~150 PEM strings (tens of ms: a CLI probe paid
 * more for that than for its handshake). Instead the context starts from
 * Node's native root store (parsed once per process) and adds the file on
 * top, as Node itself does for each `ca` entry.
 */
export function secureContextFor(caFile: string | null | undefined): tls.SecureContext | undefined {
  if (!caFile) return undefined;
  const pem = readPem(caFile);
  // Keyed by the text itself (a few KB per distinct CA): hashing it would load node:crypto into every CLI probe.
  let context = contexts.get(pem);
  if (!context) {
    context = withExtraRoot(pem);
    contexts.set(pem, context);
  }
  return context;
}

function withExtraRoot(pem: string): tls.SecureContext {
  const context = tls.createSecureContext();
  const native = (context as tls.SecureContext & { context?: NativeContext }).context;
  // Node's process-wide store also holds NODE_EXTRA_CA_CERTS, but the first
  // addCACert gives the context its own copy of the bundled roots without
  // them (and so never changes the process-wide store): add them again.
  const extra = readEnv().NODE_EXTRA_CA_CERTS;
  const added = extra ? [readPem(extra), pem] : [pem];
  if (typeof native?.addCACert === "function") {
    for (const certificates of added) native.addCACert(certificates);
    return context;
  }
  // A Node without the native method: the slow, public way.
  return tls.createSecureContext({ ca: [...tls.rootCertificates, ...added] });
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
