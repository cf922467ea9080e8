// The parts of undici a probe uses, each from its own file: the package's
// index also loads fetch, WebSocket, EventSource, cookies, caches and mocks
// (and through them Node's internal copy of undici), which every CLI call
// paid for before sending a byte. undici is pinned to an exact version in
// package.json, so these paths cannot move under us unnoticed; every probe
// test runs through them.
export { default as Client } from "undici/lib/dispatcher/client.js";
export { default as Dispatcher } from "undici/lib/dispatcher/dispatcher.js";
export { Headers } from "undici/lib/web/fetch/headers.js";
export { FormData } from "undici/lib/web/fetch/formdata.js";
