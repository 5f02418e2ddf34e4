// Secrets that arrive with one request rather than with the configuration:
// the caller's bearer token, API key and cloud token, or a password in a
// mutation's input. They are scrubbed from everything the gateway writes
// while serving that request (its errors and log lines), the way configured
// secrets are scrubbed always.
//
// The request's RequestSecrets travels in AsyncLocalStorage, so code that has
// no GraphQL context (Apollo's formatError, a log call deep in a source)
// scrubs with the right set, and a secret added late (a resolver reading a
// password) is scrubbed from everything written after. The context holds the
// same object (`context.requestSecrets`) for resolvers to add to.

import { AsyncLocalStorage } from 'node:async_hooks';

/** Shorter values are not scrubbed: they would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

export class RequestSecrets {
  private values: string[] = [];

  constructor(values: readonly string[] = []) {
    this.add(...values);
  }

  /** Adds secret values; each is scrubbed as written and as it appears inside a JSON string. */
  add(...values: ReadonlyArray<string | undefined>): void {
    const forms = values
      .filter((value): value is string => typeof value === 'string' && value.length >= MIN_SECRET_LENGTH)
      .flatMap((value) => [value, JSON.stringify(value).slice(1, -1)]);
    // Longest first, so a secret that contains another goes whole.
    this.values = [...new Set([...this.values, ...forms])].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    return this.values.reduce(
      (out, secret) => (out.includes(secret) ? out.split(secret).join('[redacted]') : out),
      text,
    );
  }
}

const storage = new AsyncLocalStorage<RequestSecrets>();

/** Runs `serve` (a request's whole handling) with `secrets` as the current request's. */
export function withRequestSecrets<T>(secrets: RequestSecrets, serve: () => T): T {
  return storage.run(secrets, serve);
}

/** Scrubs the current request's secrets from a text (unchanged outside any request). */
export function scrubRequestSecrets(text: string): string {
  return storage.getStore()?.scrub(text) ?? text;
}
