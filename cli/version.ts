// Imported (not read from disk at run time) so a bundled CLI carries its version.
import packageJson from "../package.json" with { type: "json" };

/** The installed ProxyPulse's version, from package.json. */
export const CLI_VERSION: string = packageJson.version;
