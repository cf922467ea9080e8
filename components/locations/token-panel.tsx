"use client";

import { useState } from "react";
import type { Messages } from "@/lib/i18n/messages";
import { agentStartCommand } from "@/lib/locations/agent-start-command";

export interface IssuedToken {
  name: string;
  token: string;
}

/**
 * A token just made, shown this once with the command that starts an agent
 * with it. It lives only in this component's state: the hub keeps its hash,
 * so leaving the page is the end of it.
 */
export function TokenPanel({ issued, hubUrl, labels, onDone }: { issued: IssuedToken; hubUrl: string; labels: Messages["locations"]; onDone: () => void }) {
  const command = agentStartCommand(hubUrl, issued.token);
  return (
    <div className="panel stack" role="status" data-testid="location-token" style={{ marginTop: "1rem" }}>
      <strong>{labels.tokenTitle.replace("{name}", issued.name)}</strong>
      <p className="small">{labels.tokenOnce}</p>
      <CopyLine text={issued.token} testId="location-token-value" labels={labels} />
      <p className="small">{labels.startAgent}</p>
      <CopyLine text={command} testId="location-token-command" labels={labels} />
      <div className="row">
        <button className="button" type="button" onClick={onDone}>
          {labels.done}
        </button>
      </div>
    </div>
  );
}

function CopyLine({ text, testId, labels }: { text: string; testId: string; labels: Messages["locations"] }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    // The clipboard needs a secure context (https or localhost); elsewhere the text stays selectable.
    await navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }
  return (
    <div className="row" style={{ alignItems: "center", flexWrap: "nowrap" }}>
      <code className="mono small" data-testid={testId} style={{ overflowWrap: "anywhere", userSelect: "all" }}>
        {text}
      </code>
      <button className="button secondary" type="button" onClick={copy}>
        {copied ? labels.copied : labels.copy}
      </button>
    </div>
  );
}
