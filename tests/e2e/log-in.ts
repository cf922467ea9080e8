import { type Page } from "@playwright/test";
import { E2E } from "./e2e-env";

/** Logs in through the login form and waits on `next` (path and query), settled. */
export async function logIn(page: Page, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Admin token").fill(E2E.adminToken);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => `${url.pathname}${url.search}` === next);
  await page.waitForLoadState("networkidle");
}
