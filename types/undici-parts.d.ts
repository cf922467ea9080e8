// Types for the undici files lib/routes/undici-parts.ts imports directly: the
// same values the package's index exports.
declare module "undici/lib/web/fetch/headers.js" {
  export { Headers } from "undici";
}
declare module "undici/lib/web/fetch/formdata.js" {
  export { FormData } from "undici";
}
declare module "undici/lib/dispatcher/client.js" {
  import { Client } from "undici";
  export default Client;
}
declare module "undici/lib/dispatcher/dispatcher.js" {
  import { Dispatcher } from "undici";
  export default Dispatcher;
}
