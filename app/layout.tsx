import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { requestLang } from "@/lib/i18n/request-lang";
import { pickTheme, THEME_COOKIE } from "@/lib/ui/theme";
import { THEME_CSS } from "@/lib/ui/theme-css";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "ProxyPulse", template: "%s · ProxyPulse" },
  description: "Is your route to the OpenAI API working right now, through which proxy, how fast, and why not?",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { lang } = await requestLang();
  const theme = pickTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang={lang === "zh" ? "zh-CN" : "en"} {...(theme === "system" ? {} : { "data-theme": theme })}>
      <head>
        <style dangerouslySetInnerHTML={{ __html: THEME_CSS }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
