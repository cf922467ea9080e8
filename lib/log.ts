/**
 * One line per event on stdout/stderr. Callers pass facts, never secrets;
 * messages that may quote an error are masked on the way out.
 */
import { maskProxyString } from "./routes/parse-proxy-spec";

type Fields = Record<string, unknown>;

function write(level: "info" | "warn" | "error", message: string, fields?: Fields): void {
  const extra = fields && Object.keys(fields).length ? ` ${maskProxyString(JSON.stringify(fields))}` : "";
  const line = `[proxypulse] ${level} ${maskProxyString(message)}${extra}`;
  if (level === "info") console.log(line);
  else console.error(line);
}

export const log = {
  info: (message: string, fields?: Fields) => write("info", message, fields),
  warn: (message: string, fields?: Fields) => write("warn", message, fields),
  error: (message: string, fields?: Fields) => write("error", message, fields),
};
