// The implementation is CommonJS (see is-bundle-current.cjs for why); this is its ES module face.
export { MANIFEST, fileStamp, currentBundleEntry, currentBundle } from "./is-bundle-current.cjs";
