import type { Messages } from "@/lib/i18n/messages";
import { readEnv } from "@/lib/env";

/** Says so when the data on screen is the demo's simulation. */
export function DemoBanner({ m }: { m: Messages }) {
  return readEnv().PROXYPULSE_DEMO === "1" ? (
    <div className="banner" role="note">
      {m.demo}
    </div>
  ) : null;
}
