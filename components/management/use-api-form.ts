"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { mapApiErrors, type ApiErrorBody, type FieldErrors } from "@/lib/ui/map-api-errors";

export type { FieldErrors };

/**
 * Sends a form's requests (save, test before saving) and keeps its errors:
 * a 400's or 409's details beside the fields it names (`fields`), the rest as
 * one line. Every request starts clean and a successful one leaves no error
 * behind; editing a field takes its own message away (`clearField`).
 */
export function useApiForm(options: { fields?: readonly string[]; aliases?: Readonly<Record<string, string>> } = {}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function send(method: string, url: string, body?: unknown): Promise<unknown | null> {
    setBusy(true);
    setFieldErrors({});
    setFormError(null);
    try {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json().catch(() => ({}))) as ApiErrorBody & Record<string, unknown>;
      if (!response.ok) {
        const mapped = mapApiErrors(json, response.status, options.fields ?? null, options.aliases);
        setFieldErrors(mapped.fieldErrors);
        setFormError(mapped.formError);
        return null;
      }
      router.refresh();
      return json;
    } catch (error) {
      setFormError(error instanceof Error ? error.message : String(error));
      return null;
    } finally {
      setBusy(false);
    }
  }

  /** The field was edited: its message no longer describes what is typed. */
  function clearField(field: string) {
    setFieldErrors((current) => {
      if (!(field in current)) return current;
      const { [field]: _gone, ...rest } = current;
      return rest;
    });
  }

  return { send, busy, fieldErrors, formError, setFieldErrors, clearField };
}
