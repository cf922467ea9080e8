import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import type { NotificationConfig, NotificationType } from "../config/config-schema";
import { escapeFeishuText, escapeSlackText } from "./escape-chat-text";
import type { NotificationPayload } from "./notification-payload";

/** A channel's settings: its config entry without the common fields. */
export type ChannelSettings<T extends NotificationType = NotificationType> = Omit<Extract<NotificationConfig, { type: T }>, "name" | "lang" | "enabled">;

export interface OutgoingMessage {
  payload: NotificationPayload;
  title: string;
  text: string;
}

export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}

const TIMEOUT_MS = 10_000;

/** `signal` aborts the send early (shutdown); each send also has its own TIMEOUT_MS deadline. */
type Sender<T extends NotificationType> = (settings: ChannelSettings<T>, message: OutgoingMessage, now: number, signal?: AbortSignal) => Promise<void>;

/**
 * One sender per channel type: the one registry to extend. Every sender
 * throws DeliveryError (with a reason that names no secret) when the
 * receiver does not confirm.
 */
export const CHANNEL_SENDERS: { [T in NotificationType]: Sender<T> } = {
  webhook: async (settings, message, now, signal) => {
    const body = JSON.stringify(message.payload);
    const timestamp = String(Math.floor(now / 1000));
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-proxypulse-event": message.payload.event,
      // Receivers can drop a message they already have (delivery is at least once).
      "x-proxypulse-event-id": message.payload.id,
      "x-proxypulse-timestamp": timestamp,
    };
    if (settings.secret) {
      headers["x-proxypulse-signature"] = `sha256=${createHmac("sha256", settings.secret).update(`${timestamp}.${body}`).digest("hex")}`;
    }
    await post(settings.url, body, headers, (status) => status >= 200 && status < 300, undefined, undefined, signal);
  },
  slack: async (settings, message, _now, signal) => {
    await post(settings.url, JSON.stringify({ text: `*${escapeSlackText(message.title)}*\n${escapeSlackText(message.text)}` }), JSON_HEADERS, okStatus, undefined, undefined, signal);
  },
  // Feishu/Lark: sign = base64(HMAC-SHA256(key = "timestamp\nsecret", message = "")).
  feishu: async (settings, message, now, signal) => {
    const timestamp = String(Math.floor(now / 1000));
    const signed = settings.secret ? { timestamp, sign: createHmac("sha256", `${timestamp}\n${settings.secret}`).update("").digest("base64") } : {};
    const body = JSON.stringify({ ...signed, msg_type: "text", content: { text: escapeFeishuText(`${message.title}\n${message.text}`) } });
    await post(settings.url, body, JSON_HEADERS, okStatus, (json) => json?.code === 0 || json?.StatusCode === 0, undefined, signal);
  },
  // DingTalk: &timestamp=ms&sign=urlencode(base64(HMAC-SHA256(key = secret, message = "timestamp\nsecret"))).
  dingtalk: async (settings, message, now, signal) => {
    let url = settings.url;
    if (settings.secret) {
      const timestamp = String(now);
      const sign = createHmac("sha256", settings.secret).update(`${timestamp}\n${settings.secret}`).digest("base64");
      url += `${url.includes("?") ? "&" : "?"}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
    }
    const body = JSON.stringify({ msgtype: "text", text: { content: `${message.title}\n${message.text}` } });
    await post(url, body, JSON_HEADERS, okStatus, (json) => json?.errcode === 0, undefined, signal);
  },
  wecom: async (settings, message, _now, signal) => {
    const body = JSON.stringify({ msgtype: "text", text: { content: `${message.title}\n${message.text}` } });
    await post(settings.url, body, JSON_HEADERS, okStatus, (json) => json?.errcode === 0, undefined, signal);
  },
  telegram: async (settings, message, _now, signal) => {
    const url = `${settings.apiBase.replace(/\/$/, "")}/bot${settings.token}/sendMessage`;
    const body = JSON.stringify({ chat_id: settings.chatId, text: `${message.title}\n${message.text}`, disable_web_page_preview: true });
    await post(url, body, JSON_HEADERS, okStatus, (json) => json?.ok === true, "the Telegram API", signal);
  },
  email: async (settings, message, _now, signal) => {
    const transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      // Never send the password (or the mail) in clear because the server did not offer STARTTLS.
      requireTLS: !settings.secure && !settings.allowPlain,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
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
      throw new DeliveryError(`SMTP ${settings.host}:${settings.port}: ${describeSmtpError(error, settings)}`);
    } finally {
      transport.close();
    }
  },
};

const JSON_HEADERS = { "content-type": "application/json" };
const okStatus = (status: number) => status >= 200 && status < 300;

/** POSTs and checks the answer; errors name the host only (webhook URLs hold tokens). */
async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  accept: (status: number) => boolean,
  confirms?: (json: Record<string, unknown> | null) => boolean,
  label?: string,
  signal?: AbortSignal,
): Promise<void> {
  const where = label ?? new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body, headers, signal: signal ? AbortSignal.any([AbortSignal.timeout(TIMEOUT_MS), signal]) : AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new DeliveryError(`${where}: ${cause}`);
  }
  const text = await response.text().catch(() => "");
  if (!accept(response.status)) throw new DeliveryError(`${where} answered HTTP ${response.status}`);
  if (confirms) {
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = null;
    }
    // Cut generously here: the delivery log redacts, then cuts to its own length (a secret cut in two here would escape redaction).
    if (!confirms(json)) throw new DeliveryError(`${where} refused the message: ${text.slice(0, 4000)}`);
  }
}

/** Settles with `work`, or rejects as soon as `signal` aborts. */
function abortable<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function describeSmtpError(error: unknown, settings: ChannelSettings<"email">): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as { code?: unknown } | null)?.code === "ETLS" && !settings.secure) {
    return `could not start TLS (${message}); nothing was sent, no password either. TLS is required: use a server that offers STARTTLS, port 465 with secure: true, or allowPlain: true for a server on this machine.`;
  }
  return message;
}
