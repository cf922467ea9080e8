/**
 * Headers for every response. Next's pages carry small inline scripts (the
 * flight data that hydrates them), so scripts are limited to this origin plus
 * inline ones; nonces would need every page rendered per request through
 * proxy.ts for little gain on a single-admin dashboard with no user HTML.
 * The status page and its feed set stricter policies of their own (the page's
 * one script only by its hash), so this one skips them: Next's config headers would replace the route's.
 */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // "same-origin", not "no-referrer": a browser then sends `Origin: null` on forms, which the CSRF check refuses.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The container image (Dockerfile) serves Next's standalone output, a server
  // with only the files it traces; `npm start` serves the ordinary build. The
  // image's build runs once: Turbopack's cache on disk would only cost time there.
  ...(process.env.PROXYPULSE_STANDALONE === "1" ? { output: "standalone", experimental: { turbopackFileSystemCacheForBuild: false } } : {}),
  serverExternalPackages: ["better-sqlite3", "@prisma/client", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  // Browsers and feed readers ask for /favicon.ico without reading the page's
  // <link rel="icon">: answer with the app's SVG icon rather than a 404.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      // The public status page and its feed set their own, stricter policies
      // (a config header would replace a route's own).
      { source: "/:path((?!status$|status/feed\\.xml$).*)", headers: [{ key: "Content-Security-Policy", value: DASHBOARD_CSP }] },
    ];
  },
};

export default nextConfig;
