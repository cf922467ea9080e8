// The container's command: Next's standalone server (server.js beside this
// file in the image), listening where README says the app listens: HOST and
// PORT. The standalone server reads HOSTNAME, which Docker sets to the
// container's id, so HOST is handed over here (0.0.0.0 by default in the image).
process.env.HOSTNAME = process.env.HOST || "0.0.0.0";
// Our SIGTERM handler lets probes in flight finish and be stored (instrumentation.ts).
process.env.NEXT_MANUAL_SIG_HANDLE = "true";
await import("./server.js");
