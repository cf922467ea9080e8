/** Walks an error and its `cause`s (and AggregateError members), outermost first. */
export function* walkErrorChain(error: unknown, depth = 0): Generator<unknown> {
  if (error === undefined || error === null || depth > 12) return;
  yield error;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) yield* walkErrorChain(inner, depth + 1);
  }
  if (typeof error === "object" && "cause" in error && error.cause !== error) {
    yield* walkErrorChain(error.cause, depth + 1);
  }
}

export function findInChain<T>(error: unknown, predicate: (candidate: unknown) => candidate is T): T | undefined {
  for (const candidate of walkErrorChain(error)) if (predicate(candidate)) return candidate;
  return undefined;
}

export function codesInChain(error: unknown): string[] {
  const codes: string[] = [];
  for (const candidate of walkErrorChain(error)) {
    if (candidate && typeof candidate === "object" && "code" in candidate && typeof candidate.code === "string") {
      codes.push(candidate.code);
    }
  }
  return codes;
}

/** One line per link, for logs ("TypeError: fetch failed <- Error[ECONNRESET]: …"). */
export function describeErrorChain(error: unknown): string[] {
  return [...walkErrorChain(error)].map((candidate) => {
    if (candidate instanceof Error) {
      const code = "code" in candidate && candidate.code ? `[${String(candidate.code)}]` : "";
      return `${candidate.name}${code}: ${candidate.message}`;
    }
    return String(candidate);
  });
}
