/**
 * Slack reads a message's `text` as mrkdwn: `<!channel>`, `<!here>`,
 * `<@U123>` and `<https://x|label>` in a target or proxy name would ping
 * everyone or disguise a link. Slack's own rule: escape &, < and > (it shows
 * them back as typed).
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Feishu/Lark text messages turn `<at user_id="all">` into an @all mention and
 * know no escape sequence: angle brackets from names become their fullwidth
 * look-alikes, which read the same and mean nothing.
 */
export function escapeFeishuText(text: string): string {
  return text.replace(/</g, "＜").replace(/>/g, "＞");
}
