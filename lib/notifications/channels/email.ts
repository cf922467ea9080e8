import * as z from "zod";
import { DeliveryError } from "../delivery-error";
import { defineChannel } from "./channel-definition";
import { channelSchema } from "./channel-fields";
import { abortable, SEND_TIMEOUT_MS } from "./post-to-receiver";

function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

const schema = channelSchema("email", {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false),
  user: z.string().optional(),
  password: z.string().optional(),
  from: z.string().min(3),
  to: z.union([z.string().min(3), z.array(z.string().min(3)).min(1)]).transform((to) => (Array.isArray(to) ? to : [to])),
  /** Send without TLS when the server offers no STARTTLS: only to a server on this machine. */
  allowPlain: z.boolean().default(false),
}).refine((email) => !email.allowPlain || isLoopbackHost(email.host), {
  message: "allowPlain (SMTP without TLS) is only allowed to a server on this machine (localhost, 127.0.0.1, ::1)",
  path: ["allowPlain"],
});

/** Email over SMTP (nodemailer): TLS required unless allowPlain to a loopback server. */
export const email = defineChannel({
  type: "email",
  schema,
  secrets: { values: ["password"], urls: [], destination: ["host", "port"] },
  send: async (settings, message, _now, signal) => {
    // Loaded on the first mail: the config schema (and so the CLI and the start check) import this file, and need none of nodemailer.
    const { default: nodemailer } = await import("nodemailer");
    const transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      // Never send the password (or the mail) in clear because the server did not offer STARTTLS.
      requireTLS: !settings.secure && !settings.allowPlain,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    try {
      // nodemailer takes no AbortSignal: stop waiting on abort (its own socket timeout ends the connection).
      await abortable(
        transport.sendMail({
          from: settings.from,
          to: settings.to,
          subject: message.title,
          text: message.text,
          headers: { "X-ProxyPulse-Event-Id": message.payload.id },
        }),
        signal,
      );
    } catch (error) {
      throw new DeliveryError(`SMTP ${settings.host}:${settings.port}: ${describeSmtpError(error, settings.secure)}`);
    } finally {
      transport.close();
    }
  },
  describe: (settings) => `${settings.host} → ${settings.to.join(", ")}`,
  fields: [
    { key: "host", label: "host" },
    { key: "port", label: "port", input: "number", initial: "587" },
    { key: "user", label: "user" },
    { key: "password", label: "password", input: "secret" },
    { key: "from", label: "from" },
    { key: "to", label: "to", input: "list" },
  ],
});

function describeSmtpError(error: unknown, secure: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: unknown } | null)?.code === "ETLS" && !secure) {
    return `could not start TLS (${message}); nothing was sent, no password either. TLS is required: use a server that offers STARTTLS, port 465 with secure: true, or allowPlain: true for a server on this machine.`;
  }
  return message;
}
