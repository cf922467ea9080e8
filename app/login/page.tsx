import type { Metadata } from "next";
import { requestLang } from "@/lib/i18n/request-lang";

export const metadata: Metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

/** A plain form: logging in works without JavaScript. */
export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string; next?: string }> }) {
  const { m } = await requestLang();
  const { error, next } = await searchParams;
  const message = error === "wrong" || error === "empty" || error === "limited" ? m.login.errors[error] : null;
  return (
    <main style={{ maxWidth: "28rem", paddingTop: "4rem" }}>
      <h1>{m.appName}</h1>
      <p className="muted">{m.tagline}</p>
      <form className="stack panel" method="post" action="/api/session">
        <input type="hidden" name="next" value={next && next.startsWith("/") ? next : "/"} />
        {/* Password managers and screen readers expect a user name beside a password. */}
        <input type="text" name="username" autoComplete="username" value="admin" readOnly hidden />
        <label>
          {m.login.token}
          <input type="password" name="token" autoComplete="current-password" required aria-invalid={message ? true : undefined} aria-describedby="token-help token-error" />
          <span id="token-help" className="field-help">{m.login.tokenHelp}</span>
          {message ? (
            <span id="token-error" className="field-error" role="alert">
              {message}
            </span>
          ) : null}
        </label>
        <div>
          <button className="button" type="submit">
            {m.login.submit}
          </button>
        </div>
      </form>
    </main>
  );
}
