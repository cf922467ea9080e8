export declare const MANIFEST: string;
export declare function currentBundleEntry(root: string, outdir: string): string | null;
