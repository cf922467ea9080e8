// Issue 10 (item 17): the incidents feed is valid Atom whatever the names and
// notes hold, and the status page header escapes every option.
import { describe, expect, it } from "vitest";
import { MESSAGES } from "@/lib/i18n/messages";
import { escapeXml } from "@/lib/status/escape-xml";
import type { StatusPage } from "@/lib/status/get-status-page";
import { renderStatusFeed } from "@/lib/status/render-status-feed";
import { renderStatusHtml, statusPageCsp } from "@/lib/status/render-status-html";
import { checkXml } from "../../helpers/check-xml";

describe("escapeXml", () => {
  it.each([
    ["plain", "plain"],
    ["a & b", "a &amp; b"],
    ["<script>", "&lt;script&gt;"],
    [`"quoted" 'single'`, "&quot;quoted&quot; &apos;single&apos;"],
    ["&amp;", "&amp;amp;"],
    ["bell\u0007 nul\u0000 esc\u001b", "bell nul esc"],
    ["keeps\ttab\nnewline\rcr", "keeps\ttab\nnewline\rcr"],
    ["lone \uD800 surrogate", "lone  surrogate"],
    ["\uFFFE\uFFFF", ""],
    ["emoji 🚀 中文", "emoji 🚀 中文"],
  ])("%j → %j", (text, expected) => {
    expect(escapeXml(text)).toBe(expected);
  });
});

describe("the XML check used by these tests", () => {
  it.each(["<a>&</a>", "<a><b></a>", "<a x=1></a>", "<a></a><b></b>", "<a>x < y</a>", "<a>&nbsp;</a>", "<a>\u0001</a>", '<a x="1" x="2"/>'])("finds %j malformed", (xml) => {
    expect(checkXml(xml).errors).not.toEqual([]);
  });
});

const HOSTILE = `</title><script>alert(1)</script> & "q" 'a' ]]> \u0000\u0008\u001f`;

function pageWith(overrides: Partial<StatusPage> = {}): StatusPage {
  return {
    overall: "degraded",
    updatedAt: "2026-11-29T12:00:00.000Z",
    routes: [],
    days: {},
    maintenance: {},
    plannedMaintenance: [],
    incidents: [
      { id: 7, routeId: 1, target: `api${HOSTILE}`, proxy: "clash", startedAt: "2026-11-29T10:00:00.000Z", endedAt: "2026-11-29T10:35:00.000Z", durationMs: 35 * 60_000, kind: "proxy_unreachable", note: `Swapped the node ${HOSTILE}` },
      { id: 8, routeId: 1, target: "api", proxy: "clash", startedAt: "2026-11-29T11:00:00.000Z", endedAt: null, durationMs: 60 * 60_000, kind: null, note: null },
    ],
    ...overrides,
  };
}

describe("renderStatusFeed", () => {
  it.each(["en", "zh"] as const)("is well-formed Atom with hostile names and notes (%s)", (lang) => {
    const xml = renderStatusFeed(pageWith(), { m: MESSAGES[lang], lang, branding: { title: `My ${HOSTILE}`, description: HOSTILE } });
    const { errors, elements } = checkXml(xml);
    expect(errors).toEqual([]);
    const root = elements[0]!;
    expect(root).toMatchObject({ name: "feed", attributes: { xmlns: "http://www.w3.org/2005/Atom" } });
    // Atom's required elements: feed id, title, updated; each entry id, title, updated.
    const names = elements.map((element) => element.name);
    for (const name of ["id", "title", "updated", "author", "link"]) expect(names).toContain(name);
    expect(names.filter((name) => name === "entry")).toHaveLength(2);
    const title = elements.find((element) => element.name === "title")!;
    expect(title.text).toBe(`My </title><script>alert(1)</script> & "q" 'a' ]]> `);
    const updated = elements.filter((element) => element.name === "updated").map((element) => element.text);
    expect(updated).toEqual(["2026-11-29T11:00:00.000Z", "2026-11-29T10:35:00.000Z", "2026-11-29T11:00:00.000Z"]);
    expect(xml).not.toContain("<script>alert");
  });

  it("links absolutely when publicUrl is set, relatively otherwise", () => {
    const absolute = renderStatusFeed(pageWith(), { m: MESSAGES.en, lang: "en", branding: {}, publicUrl: "https://pulse.example.test/" });
    expect(absolute).toContain('<link rel="self" type="application/atom+xml" href="https://pulse.example.test/status/feed.xml"/>');
    expect(absolute).toContain("<id>https://pulse.example.test/status/feed.xml</id>");
    const relative = renderStatusFeed(pageWith(), { m: MESSAGES.en, lang: "en", branding: {} });
    expect(relative).toContain('<link rel="alternate" type="text/html" href="/status"/>');
  });

  it("with no incidents is still a valid feed", () => {
    const { errors } = checkXml(renderStatusFeed(pageWith({ incidents: [] }), { m: MESSAGES.en, lang: "en", branding: {} }));
    expect(errors).toEqual([]);
  });
});

describe("the status page's own header", () => {
  it("escapes title and description, links the feed, and keeps the description plain text", () => {
    const html = renderStatusHtml(pageWith(), { m: MESSAGES.en, lang: "en", theme: "system", branding: { title: HOSTILE, description: `line one\n<b>line two</b>`, homeUrl: 'https://example.test/?a=1&b="2"', logoUrl: "https://cdn.example.test/logo.png" } });
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>line two");
    expect(html).toContain("line one\n&#60;b&#62;line two&#60;/b&#62;");
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" href="/status/feed.xml"');
    expect(html).toContain('href="https://example.test/?a=1&#38;b=&#34;2&#34;" rel="noopener noreferrer"');
    expect(html).toContain('<img class="brand-logo" src="https://cdn.example.test/logo.png" alt=""');
  });

  it("without options looks as before", () => {
    const html = renderStatusHtml(pageWith(), { m: MESSAGES.en, lang: "en", theme: "system" });
    expect(html).toContain('<h1 data-testid="status-title">ProxyPulse · Status</h1>');
    expect(html).toContain("<title>Status · ProxyPulse</title>");
    expect(html).not.toContain('class="brand-logo"');
  });

  it.each([
    [{}, "img-src 'self' data:;"],
    [{ logoUrl: "/logo.png" }, "img-src 'self' data:;"],
    [{ logoUrl: "data:image/png;base64,iVBORw0KGgo=" }, "img-src 'self' data:;"],
    [{ logoUrl: "https://cdn.example.test:8443/brand/logo.svg?v=2" }, "img-src 'self' data: https://cdn.example.test:8443;"],
  ])("the policy for %j allows images from %s", (branding, expected) => {
    expect(statusPageCsp(branding)).toContain(expected);
  });
});
