export declare const MANIFEST: string;
export declare function fileStamp(path: string): [number, number, string];
export declare function currentBundleEntry(root: string, outdir: string): string | null;
export declare function currentBundle(root: string, outdir: string): { entry: string; commonJs: string | null } | null;
