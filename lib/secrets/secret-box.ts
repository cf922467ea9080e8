import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export class SecretDecryptionError extends Error {
  readonly code = "secret_decryption_failed";
  constructor() {
    super("A stored secret cannot be decrypted with the current key (was PROXYPULSE_SECRET_KEY or the key file changed?)");
    this.name = "SecretDecryptionError";
  }
}

/**
 * AES-256-GCM for secrets at rest: "v1:" + base64(iv ‖ tag ‖ ciphertext).
 * A copied database file leaks nothing without the key.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("a SecretBox key is 32 bytes");
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
  }

  open(sealed: string): string {
    const [version, payload] = sealed.split(":", 2);
    if (version !== VERSION || !payload) throw new SecretDecryptionError();
    const raw = Buffer.from(payload, "base64");
    if (raw.length < 28) throw new SecretDecryptionError();
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretDecryptionError();
    }
  }
}
