// What only the secret key can give back, and forgetting it when the key is
// lost (npm run secrets:forget; startup-checks.test.ts runs the script).
import { afterEach, describe, expect, it } from "vitest";
import { syncConfig } from "@/lib/monitoring/sync-config";
import { createProxy } from "@/lib/management/create-proxy";
import { createTarget } from "@/lib/management/create-target";
import { createChannel } from "@/lib/notifications/manage-channels";
import { ProxyPulseConfig } from "@/lib/config/config-schema";
import { checkSealedSecrets, forgetSealedSecrets, listIrreplaceableSecrets, SecretKeyMismatchError } from "@/lib/secrets/sealed-secrets";
import { SecretBox } from "@/lib/secrets/secret-box";
import { createTempDatabase, type TempDatabase } from "../helpers/temp-database";

const box = new SecretBox(Buffer.alloc(32, 7));
let temp: TempDatabase | null = null;

afterEach(async () => {
  await temp?.cleanup();
  temp = null;
});

/** Objects from the file (synced again at each start) beside ones entered in the dashboard, with and without secrets. */
async function seeded(): Promise<TempDatabase> {
  const made = await createTempDatabase();
  const config = ProxyPulseConfig.parse({
    targets: [{ name: "from-file", baseUrl: "https://127.0.0.1:9/v1", apiKey: "sk-file-key" }],
    proxies: [{ name: "file-proxy", url: "http://u:file-pass@127.0.0.1:9" }],
    notifications: [{ name: "file-hook", type: "webhook", url: "http://127.0.0.1:9/file" }],
  });
  await syncConfig(made.db, "sqlite", config, box, "file");
  await createTarget(made.db, box, { name: "main", baseUrl: "https://127.0.0.1:9/v1", apiKey: "sk-main" });
  await createTarget(made.db, box, { name: "keyless", baseUrl: "https://127.0.0.1:9/v1" });
  await createTarget(made.db, box, { name: "backup", baseUrl: "https://127.0.0.1:9/v1", apiKey: "sk-backup" });
  await createProxy(made.db, box, { name: "clash", url: "http://u:clash-pass@127.0.0.1:9" });
  await createProxy(made.db, box, { name: "open", url: "http://127.0.0.1:9" });
  const channel = await createChannel(made.db, box, { name: "ops", type: "webhook", url: "http://127.0.0.1:9/hook" });
  await made.db.outboxMessage.create({ data: { channelId: channel.id, eventKey: "test:1", event: "test", payload: "{}", nextAttemptAt: new Date(), createdAt: new Date() } });
  return made;
}

describe("the irreplaceable secrets", () => {
  it("are those entered in the dashboard and holding a value, named by object (never by value), table by table in the order made", async () => {
    temp = await seeded();
    const secrets = await listIrreplaceableSecrets(temp.db);
    expect(secrets.map((secret) => secret.label)).toEqual(['target "main" (API key)', 'target "backup" (API key)', 'proxy "clash" (password)', 'notification channel "ops" (settings)']);
    expect(box.open(secrets[0]!.sealed)).toBe("sk-main");
  });

  it("are checked against the key: another key is refused, naming what it cannot open", async () => {
    temp = await seeded();
    await expect(checkSealedSecrets(temp.db, box, "the test")).resolves.toBeUndefined();
    const other = checkSealedSecrets(temp.db, new SecretBox(Buffer.alloc(32, 8)), "PROXYPULSE_SECRET_KEY");
    await expect(other).rejects.toThrow(SecretKeyMismatchError);
    await expect(checkSealedSecrets(temp.db, new SecretBox(Buffer.alloc(32, 8)), "PROXYPULSE_SECRET_KEY")).rejects.toThrow(
      /The secret key from PROXYPULSE_SECRET_KEY cannot open 4 stored secret\(s\): target "main" \(API key\), target "backup" \(API key\), proxy "clash" \(password\), notification channel "ops" \(settings\)/,
    );
  });

  it("are forgotten together: keys and passwords cleared, the dashboard's channels removed with their queued messages, the file's objects untouched", async () => {
    temp = await seeded();
    expect(await forgetSealedSecrets(temp.db)).toEqual(['target "main" (API key)', 'target "backup" (API key)', 'proxy "clash" (password)', 'notification channel "ops" (settings)']);
    expect(await listIrreplaceableSecrets(temp.db)).toEqual([]);
    const targets = await temp.db.target.findMany({ select: { name: true, apiKeySecret: true }, orderBy: { id: "asc" } });
    expect(targets.map((target) => [target.name, target.apiKeySecret === null])).toEqual([
      ["from-file", false],
      ["main", true],
      ["keyless", true],
      ["backup", true],
    ]);
    const proxies = await temp.db.proxy.findMany({ where: { name: { in: ["file-proxy", "clash", "open"] } }, select: { name: true, passwordSecret: true }, orderBy: { id: "asc" } });
    expect(proxies.map((proxy) => [proxy.name, proxy.passwordSecret === null])).toEqual([
      ["file-proxy", false],
      ["clash", true],
      ["open", true],
    ]);
    expect((await temp.db.notificationChannel.findMany({ select: { name: true } })).map((channel) => channel.name)).toEqual(["file-hook"]);
    expect(await temp.db.outboxMessage.count()).toBe(0);
    // Nothing left to forget.
    expect(await forgetSealedSecrets(temp.db)).toEqual([]);
  });
});
