import { codesInChain } from "../classify/error-chain";

/**
 * PostgreSQL refuses text it cannot hold (a NUL character: SQLSTATE 22021,
 * or one its encoding cannot represent: 22P05), where SQLite takes any
 * string. Input like that is the caller's to fix, not a server fault.
 */
export function isRefusedText(error: unknown): boolean {
  return codesInChain(error).some((code) => code === "22021" || code === "22P05") || (error instanceof Error && /invalid byte sequence for encoding "UTF8": 0x00/.test(error.message));
}
