import type OpenAI from "openai";
import type { APIError } from "openai";
import type { ErrorBody } from "../../classify/classify-outcome";

/** A class of the official SDK's clients (OpenAI, AzureOpenAI); a mixin's base must take any arguments, which TypeScript spells `any[]`. */
type OpenAIClass = abstract new (...args: any[]) => OpenAI;

/**
 * The SDK client that keeps the whole body of every error response (the SDK
 * itself keeps only its `error` field), for the provider's classifier.
 */
export function keepingErrorBodies<Base extends OpenAIClass>(base: Base) {
  abstract class KeepingErrorBodies extends base {
    private readonly errorBodies = new WeakMap<APIError, ErrorBody>();

    errorBodyOf(error: unknown): ErrorBody | undefined {
      return error && typeof error === "object" ? this.errorBodies.get(error as APIError) : undefined;
    }

    // The SDK hands the parsed JSON body (or, when not JSON, its text as the message) to this hook.
    protected override makeStatusError(status: number, error: object, message: string | undefined, headers: Headers): APIError {
      const apiError = super.makeStatusError(status, error, message, headers);
      this.errorBodies.set(apiError, { json: error ?? null, text: message ?? (error ? JSON.stringify(error) : null) });
      return apiError;
    }
  }
  return KeepingErrorBodies;
}
