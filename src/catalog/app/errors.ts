// Reading the gateway's errors (src/errors.ts: `extensions.code`, `provider`,
// `field`) into what the page shows: which sources failed, which form field a
// refusal concerns, whether the caller must sign in.

import type { CombinedError } from '@urql/core';
import type { FieldErrors } from './validate.js';

interface GatewayErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

function errorsOf(error: CombinedError | undefined): GatewayErrorLike[] {
  return error?.graphQLErrors ?? [];
}

/** Whether the gateway wants credentials (HTTP 401 UNAUTHENTICATED). */
export function needsSignIn(error: CombinedError | undefined): boolean {
  if (!error) return false;
  const status = (error.response as { status?: number } | undefined)?.status;
  return status === 401 || errorsOf(error).some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/** A source that failed while listing: its provider and, when named, its region. */
export interface FailingSource {
  provider: string;
  region?: string;
  message: string;
}

/**
 * The sources whose listing failed: the errors on the `images` path that name
 * a provider (the other sources' rows are in the data beside them).
 */
export function failingSources(error: CombinedError | undefined): FailingSource[] {
  const seen = new Map<string, FailingSource>();
  for (const e of errorsOf(error)) {
    const provider = e.extensions?.provider;
    if (typeof provider !== 'string' || e.path?.[0] !== 'images') continue;
    const region = typeof e.extensions?.region === 'string' ? e.extensions.region : undefined;
    const key = `${provider}/${region ?? ''}`;
    if (!seen.has(key)) seen.set(key, { provider, region, message: e.message });
  }
  return [...seen.values()];
}

/**
 * A mutation's refusal, split by the input field it concerns (`input.swrPath`
 * → `swrPath`, `input.vmImageSpec.imageId` → `vmImageSpec.imageId`); errors
 * that name no field go under `''`, shown at the top of the form.
 */
export function fieldErrorsOf(error: CombinedError | undefined): FieldErrors {
  if (!error) return {};
  const errors: FieldErrors = {};
  const graphQLErrors = errorsOf(error);
  if (graphQLErrors.length === 0) {
    errors[''] = error.networkError ? 'The gateway could not be reached. Try again.' : error.message;
    return errors;
  }
  for (const e of graphQLErrors) {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field.replace(/^input\.?/, '') : '';
    errors[field] = errors[field] ? `${errors[field]} ${e.message}` : e.message;
  }
  return errors;
}
