import { describe, expect, it } from "vitest";
import { main } from "@/cli/main";
import { PROVIDER_IDS, probeKindsOf } from "@/lib/providers/registry";

// cli/main.ts spells the providers out by hand (so that `help` loads no
// provider code): this keeps that text from forgetting a provider.
async function helpText(args: string[]): Promise<string> {
  let text = "";
  const out = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
  await main(args, out, out);
  return text;
}

describe("the CLI's help names every provider in the registry", () => {
  it.each(PROVIDER_IDS)("%s and its kinds, in `proxypulse help` and `proxypulse probe --help`", async (id) => {
    const help = await helpText(["help"]);
    expect(help).toContain(`--provider ${PROVIDER_IDS.join("|")}]`);
    expect(help).toContain(`${id} ${probeKindsOf(id).join("|")}`);
    const probeHelp = await helpText(["probe", "--help"]);
    for (const kind of probeKindsOf(id)) expect(probeHelp).toMatch(new RegExp(`${id}:[^\\n]*\\b${kind}\\b`));
  });
});
