import { maskProxyString } from "../routes/parse-proxy-spec";

/** Shows enough of a secret to recognise it, never enough to use it. */
export function maskSecret(secret: string | null | undefined): string | null {
  if (!secret) return null;
  if (secret.length <= 8) return "****";
  return `${secret.slice(0, 3)}…${secret.slice(-4)}`;
}

/**
 * A function that removes the given secrets (and anything shaped like an API
 * key or a password inside a URL) from text bound for output or logs.
 */
export function createRedactor(secrets: Array<string | null | undefined>): (text: string) => string {
  const known = secrets
    .filter((secret): secret is string => typeof secret === "string" && secret.length >= 3)
    .flatMap((secret) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")])
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let clean = text;
    for (const secret of known) clean = clean.split(secret).join("****");
    clean = maskProxyString(clean);
    return clean.replace(/\bsk-[A-Za-z0-9_-]{6,}/g, (key) => maskSecret(key) ?? "****");
  };
}
