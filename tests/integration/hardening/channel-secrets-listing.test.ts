// GET /api/notifications and PATCH answers never carry a channel's secrets; moving a destination keeps no secret.
import { describe, expect, it } from "vitest";
import * as channelsApi from "@/app/api/notifications/route";
import * as channelApi from "@/app/api/notifications/[id]/route";
import { call } from "../../helpers/test-service";
import { useHardeningService } from "./hardening-service";

const test = useHardeningService();

const CASES: Array<[string, Record<string, unknown>, string[], Record<string, unknown>]> = [
  ["discord", { url: "https://discord.example/api/webhooks/123/DISCORDsecretTOKEN123" }, ["DISCORDsecretTOKEN123"], {}],
  ["teams", { url: "https://teams.example/webhook/TEAMSsecret0token9?sig=SIGsecret0abc9" }, ["TEAMSsecret0token9", "SIGsecret0abc9"], {}],
  ["ntfy", { server: "https://ntfy.example", topic: "TOPICsecret0abc9", token: "tk_NTFYsecret0abc9" }, ["TOPICsecret0abc9", "tk_NTFYsecret0abc9"], { server: "https://evil.example" }],
  ["gotify", { server: "https://gotify.example", token: "GOTIFYsecret0abc9" }, ["GOTIFYsecret0abc9"], { server: "https://evil.example" }],
  ["pagerduty", { routingKey: "PDsecret0routing0key9" }, ["PDsecret0routing0key9"], { apiBase: "https://evil.example" }],
  ["bark", { deviceKey: "BARKsecret0device9" }, ["BARKsecret0device9"], { server: "https://evil.example" }],
  ["serverchan", { sendKey: "SCTsecret0send0key9" }, ["SCTsecret0send0key9"], { apiBase: "https://evil.example" }],
  ["serverchan", { sendKey: "sctp12345tSC3secretKEY9" }, ["sctp12345tSC3secretKEY9"], { apiBase: "https://12345.push.ft07.com.evil.example" }],
  ["pushplus", { token: "PUSHPLUSsecret0abc9" }, ["PUSHPLUSsecret0abc9"], { apiBase: "https://evil.example" }],
  ["telegram", { token: "123456:TGsecret0token9", chatId: "42" }, ["TGsecret0token9"], { apiBase: "https://evil.example" }],
  ["webhook", { url: "https://hook.example/x", secret: "WHsecret0sign9" }, ["WHsecret0sign9"], { url: "https://evil.example/x" }],
  ["email", { host: "smtp.example", port: 587, user: "u", password: "SMTPsecret0pw9", from: "a@b.c", to: "d@e.f" }, ["SMTPsecret0pw9"], { host: "evil.example" }],
];

describe("channel secrets", () => {
  it.each(CASES.map((c, i) => [`${c[0]}#${i}`, ...c]))("%s", async (name, type, settings, secrets, move) => {
    const created = await call(channelsApi.POST as never, { method: "POST", body: { name: String(name).replace("#", "-"), type, ...(settings as object) } });
    expect(created.status, created.text).toBeLessThan(300);
    const id = String(created.json.id ?? created.json.channel?.id);
    const list = await call(channelsApi.GET as never);
    for (const secret of secrets as string[]) {
      expect(created.text).not.toContain(secret);
      expect(list.text).not.toContain(secret);
    }
    if (Object.keys(move as object).length) {
      const moved = await call(channelApi.PATCH as never, { method: "PATCH", params: { id }, body: move });
      expect(moved.status, moved.text).toBe(400);
    }
  });
});
