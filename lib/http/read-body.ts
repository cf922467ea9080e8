import { PayloadTooLargeError } from "./app-error";

/** The most any API endpoint reads; logging in needs far less (see the session route). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const LOGIN_BODY_LIMIT = 16 * 1024;

/**
 * A request body as text, refusing (413) anything over `limitBytes` before it
 * is held in memory: a declared Content-Length is checked first, and a body
 * without one (chunked) is counted as it streams and abandoned at the limit,
 * so an anonymous client cannot make the server buffer 100 MB.
 */
export async function readBodyText(request: Request, limitBytes: number = DEFAULT_BODY_LIMIT): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
