export declare function loadWithCodeCache(file: string): { exports: any; cacheAccepted: boolean; saveCache: () => void };
