/** A field's message, by the field's name in the form. */
export interface FieldErrors {
  [field: string]: string;
}

export interface ApiErrorBody {
  error?: { message?: string; details?: Array<{ path?: string; message?: string }> };
}

/**
 * Where a failed request's messages go in a form: each detail beside the
 * field its path names (the first message per field: the one that names the
 * first problem), the rest as one line for the whole form.
 *
 * A path is matched by its segments from the end ("target.baseUrl" is the
 * form's baseUrl field); `aliases` rename a whole path where the API calls a
 * field otherwise (the proxy form's url is "proxyUrl" in test before saving).
 * Without `fields` (forms that do not list theirs), a path's first segment
 * names the field.
 */
export function mapApiErrors(body: ApiErrorBody | null | undefined, status: number, fields: readonly string[] | null, aliases: Readonly<Record<string, string>> = {}): { fieldErrors: FieldErrors; formError: string | null } {
  const fieldErrors: FieldErrors = {};
  const leftOver: string[] = [];
  for (const detail of body?.error?.details ?? []) {
    const message = detail.message ?? "";
    const field = fieldOfPath(detail.path ?? "", fields, aliases);
    if (field === null) leftOver.push(detail.path ? `${detail.path}: ${message}` : message);
    else fieldErrors[field] ??= message;
  }
  const anyDetails = (body?.error?.details ?? []).length > 0;
  const formError = leftOver.length > 0 ? leftOver.join("; ") : anyDetails ? null : (body?.error?.message ?? `HTTP ${status}`);
  return { fieldErrors, formError };
}

function fieldOfPath(path: string, fields: readonly string[] | null, aliases: Readonly<Record<string, string>>): string | null {
  if (fields === null) return path.split(/[.[]/)[0] || null;
  const alias = aliases[path];
  if (alias !== undefined) return fields.includes(alias) ? alias : null;
  const segments = path.split(/[.[\]]+/).filter(Boolean);
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (fields.includes(segment)) return segment;
    if (!/^\d+$/.test(segment)) break;
  }
  return null;
}
