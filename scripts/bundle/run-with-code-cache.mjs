// The implementation is CommonJS (see is-bundle-current.cjs for why); this is its ES module face.
export { loadWithCodeCache } from "./run-with-code-cache.cjs";
