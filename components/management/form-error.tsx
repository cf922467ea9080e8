"use client";

/** A form's error that belongs to no single field, announced to screen readers. */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="field-error" role="alert">
      {message}
    </p>
  ) : null;
}
