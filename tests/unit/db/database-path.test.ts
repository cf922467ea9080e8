import { describe, expect, it } from "vitest";
import { databaseFilePath, InvalidDatabaseUrlError, maskDatabaseUrl } from "../../../lib/db/database-path";

describe("a database URL in messages", () => {
  it.each([
    ["postgresql://app:s3cr3t-pass@db.internal:5432/proxypulse", "postgresql://****@db.internal:5432/proxypulse", "s3cr3t-pass"],
    ["postgres://app:p%40ss@db/pp?sslmode=require", "postgres://****@db/pp?****", "p%40ss"],
    ["postgresql://db/pp?password=hunter22&user=app", "postgresql://db/pp?****", "hunter22"],
    ["mysql://root:rootpw@/x", "mysql://****@/x", "rootpw"],
    ["postgresql://:onlypass@host", "postgresql://****@host", "onlypass"],
  ])("%s is shown without its secrets", (url, masked, secret) => {
    expect(maskDatabaseUrl(url)).toBe(masked);
    let message = "";
    try {
      databaseFilePath(url);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidDatabaseUrlError);
      message = (error as Error).message;
    }
    expect(message).toContain(masked);
    expect(message).not.toContain(secret);
  });

  it("keeps a SQLite file URL as it is", () => {
    expect(maskDatabaseUrl("file:./data/proxypulse.db")).toBe("file:./data/proxypulse.db");
    expect(databaseFilePath("file:/tmp/x.db")).toBe("/tmp/x.db");
  });
});
