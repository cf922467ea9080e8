export declare function bundleEntry(options: { root: string; entry: string; outdir: string; outName: string; external?: string[] }): Promise<{ outdir: string; inputs: number; ms: number }>;
