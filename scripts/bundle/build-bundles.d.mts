export declare const BUNDLES: Record<"cli" | "start-check", { entry: string; outdir: string; outName: string }>;
export declare function buildBundles(names?: string[]): Promise<void>;
