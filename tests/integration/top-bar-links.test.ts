import Link from "next/link";
import { isValidElement, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { TopBar, type Section } from "@/components/layout/top-bar";
import { MESSAGES } from "@/lib/i18n/messages";

/** Every next/link element in a server component's output, with its props (the tree as the component returns it). */
function links(node: ReactNode): Array<{ href: unknown; prefetch: unknown }> {
  if (Array.isArray(node)) return node.flatMap(links);
  if (!isValidElement<{ children?: ReactNode; href?: unknown; prefetch?: unknown }>(node)) return [];
  const own = node.type === Link ? [{ href: node.props.href, prefetch: node.props.prefetch }] : [];
  return [...own, ...links(node.props.children)];
}

// Prefetching a dynamic page fetches its route tree, never its data: on every
// page load the top bar's links cost six requests to the server for nothing.
describe("the top bar's links", () => {
  it.each<Section>(["overview", "proxies", "targets", "locations", "alerts", "routes"])("on %s, none is prefetched", (current) => {
    const found = links(TopBar({ m: MESSAGES.en, lang: "en", current, path: "/" }));
    expect(found.map((link) => link.href)).toEqual(["/", "/", "/proxies", "/targets", "/locations", "/alerts"]);
    expect(found.filter((link) => link.prefetch !== false)).toEqual([]);
  });
});
