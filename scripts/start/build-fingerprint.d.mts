export declare const BUILD_INPUTS: readonly string[];
export declare const BUILD_STAMP: string;
export declare function computeBuildFingerprint(root: string, inputs?: readonly string[]): string;
export declare function buildState(root: string, fingerprint: string): "current" | "rebuild";
export declare function writeBuildStamp(root: string, fingerprint: string): void;
