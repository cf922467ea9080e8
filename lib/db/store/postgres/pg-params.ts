/**
 * Positional parameters for a query assembled from pieces (pg has no named
 * parameters): each value added gets its `$n`, in order.
 */
export class PgParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
