// Settings for a process that runs one command and exits, applied before the
// command's modules are imported (each is imported on its own here, so the
// bundle loads it in its own chunk, before the modules that depend on it).

/**
 * Turns zod's JIT off: a CLI call parses each schema once or twice, so
 * compiling a parser per object schema (zod does so with new Function) costs
 * more than it saves. zod reads the setting when a schema is built.
 */
export async function useOneShotZod(): Promise<void> {
  const { config } = await import("./zod-config");
  config({ jitless: true });
}

/**
 * Makes the globals Headers and FormData undici's, which a probe loads
 * anyway: the OpenAI SDK builds every request with the global Headers and
 * tests its body against the global FormData, and the first use of either
 * loads Node's own bundled copy of undici (all of fetch), tens of ms of a
 * call. Same classes, same behaviour: undici is where Node's come from.
 */
export async function useLoadedUndiciGlobals(): Promise<void> {
  const undici = await import("../lib/routes/undici-parts");
  for (const name of ["Headers", "FormData"] as const) {
    Object.defineProperty(globalThis, name, { value: undici[name], writable: true, configurable: true, enumerable: false });
  }
}
