import type { AlertState } from "./alert-store";

/** An agent's location as presence messages name it. */
export interface PresenceLocation {
  id: number;
  name: string;
  region: string | null;
}

/** An agent's location online but not heard from lately. */
export interface SilentLocation extends PresenceLocation {
  lastSeenAt: number | null;
}

/** An agent's location whose presence flips were folded (AlertState "agent:<id>"), with its presence now. */
export interface FoldedPresence extends PresenceLocation, AlertState {
  online: boolean;
  lastSeenAt: number | null;
  lastSentAt: number;
}

/** Probe agents' presence (Location's online, lastSeenAt and heartbeat columns: written per heartbeat and batch). */
export interface PresenceStore {
  /** Notes the location heard from at `now`; true when it was offline and is online now (one conditional update: two processes never both see the flip). */
  markSeen(locationId: number, now: number): Promise<boolean>;
  /** What the agent's heartbeat says about itself. */
  saveHeartbeat(heartbeat: { locationId: number; version: string; spooled: number; clockOffsetMs: number }): Promise<void>;
  /** Online agent locations not heard from since before `seenBefore` (or never). */
  silentLocations(seenBefore: number): Promise<SilentLocation[]>;
  /** Marks the location offline; true when it was online (the flip is this call's, not another process's). */
  markOffline(locationId: number): Promise<boolean>;
  /** Agent locations (not revoked) with presence flips folded since a message sent at or before `sentBy`. */
  foldedPresence(sentBy: number): Promise<FoldedPresence[]>;
}
