"use client";

import { useApiForm } from "../management/use-api-form";
import { FormError } from "../management/form-error";

/**
 * Pauses or resumes a route, proxy or target (PATCH `{ enabled }`), then
 * refreshes the page. `lockedReason` (paused by proxypulse.yaml) replaces
 * the button with why it cannot be resumed here.
 */
export function PauseButton({
  url,
  enabled,
  lockedReason,
  testId,
  labels,
}: {
  url: string;
  enabled: boolean;
  lockedReason?: string | null;
  testId: string;
  labels: { pause: string; resume: string; pausing: string };
}) {
  const { send, busy, formError } = useApiForm();
  if (lockedReason) return <span className="small muted">{lockedReason}</span>;
  return (
    <span>
      <button className="button secondary" type="button" data-testid={testId} disabled={busy} aria-busy={busy} onClick={() => void send("PATCH", url, { enabled: !enabled })}>
        {busy ? labels.pausing : enabled ? labels.pause : labels.resume}
      </button>
      <FormError message={formError} />
    </span>
  );
}
