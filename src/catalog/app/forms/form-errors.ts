// Where a form shows what is wrong: each error at the field it names (the
// browser's own checks, then the gateway's BAD_USER_INPUT `extensions.field`),
// the rest at the top of the form.

import type { CombinedError } from '@urql/core';
import { fieldErrorsOf } from '../errors.js';
import type { FieldErrors } from '../validate.js';

/**
 * The gateway's errors keyed by the form's own field names: a field path's
 * last segment (`vmImageSpec.imageId` → `imageId`) when the form has that
 * field, else `''` (the top of the form).
 */
export function serverFieldErrors(error: CombinedError | undefined, fields: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(error))) {
    const last = path.split('.').pop() ?? '';
    const key = fields.includes(last) ? last : '';
    errors[key] = errors[key] ? `${errors[key]} ${message}` : message;
  }
  return errors;
}

/** Moves focus to the first control the errors name, so a keyboard user lands on what to fix. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
