"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

export interface FieldErrors {
  [field: string]: string;
}

interface ApiError {
  error?: { message: string; details?: Array<{ path: string; message: string }> };
}

/**
 * Sends a management request and turns a 400's details into messages next to
 * the fields (`details[].path` names the field); other errors become one line.
 */
export function useApiForm() {
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
      const json = (await response.json().catch(() => ({}))) as ApiError & Record<string, unknown>;
      if (!response.ok) {
        const details = json.error?.details ?? [];
        const byField: FieldErrors = {};
        for (const detail of details) byField[detail.path.split(/[.[]/)[0] || "_"] = detail.message;
        setFieldErrors(byField);
        if (details.length === 0 || byField._) setFormError(json.error?.message ?? `HTTP ${response.status}`);
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

  return { send, busy, fieldErrors, formError, setFieldErrors };
}
