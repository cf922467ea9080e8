/** Weekday names as the file and the API spell them (also imported by the dashboard's form, so no zod here). */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
