"use client";

import { useSyncExternalStore } from "react";
import { TIME_ZONE_COOKIE } from "@/lib/ui/zoned-time";

function utcChosen(): boolean {
  return document.cookie.split(/;\s*/).includes(`${TIME_ZONE_COOKIE}=utc`);
}

function chosenZone(): string {
  return utcChosen() ? "UTC" : (Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC");
}

// Neither the cookie nor the zone changes while a page is open (the switch reloads it).
const subscribe = () => () => {};
// The server cannot know the viewer's zone: it renders UTC, and the first
// client render (hydration) does the same; React then re-renders with the
// real zone, so there is no hydration mismatch.
const onServer = () => null;

/** The zone times are shown in: the viewer's own, or UTC if they chose it; null while server-rendering and hydrating. */
export function useViewerZone(): string | null {
  return useSyncExternalStore(subscribe, chosenZone, onServer);
}

/** Whether the viewer chose UTC; null while server-rendering and hydrating. */
export function useUtcChosen(): boolean | null {
  return useSyncExternalStore(subscribe, utcChosen, onServer);
}
