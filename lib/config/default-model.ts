/**
 * The model probed when none is named: by the config file, the dashboard's
 * forms, Test before saving and the CLI alike, so a probe from the command
 * line means the same as one from the dashboard.
 */
export const DEFAULT_MODEL = "gpt-4o-mini";
