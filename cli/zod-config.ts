// zod's config function alone, for one-shot-process.ts to import before
// anything builds a schema (importing "zod" itself there would load all of it).
export { config } from "zod";
