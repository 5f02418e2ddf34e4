// Secrets that arrive with one request rather than with the configuration:
// the caller's bearer token, API key and cloud token, or a password in a
// mutation's input (a field marked `@writeOnly` in the SDL, collected by
// src/server/write-only.ts before anything can echo it). They are scrubbed
// from everything the gateway writes while serving that request (its answer,
// its errors and its log lines), the way configured secrets are scrubbed
// always.
//
// The request's RequestSecrets travels in plain sight, on its context
// (`context.requestSecrets`), for resolvers to add to. What the request
// writes goes through it: its log lines through the context's logger
// (`scrubbingLogger`), its answer through the operation pipeline's response
// step (src/server/operation.ts), which scrubs the whole answer once its
// errors are formatted. No AsyncLocalStorage: on Node 20 it costs a hook on
// every promise of every request while it is in use.

import type { Logger } from './logger.js';

/** Shorter values are not scrubbed: replacing them would shred ordinary text (and they are no secret). */
export const MIN_SCRUBBED_LENGTH = 4;

export class RequestSecrets {
  private values: string[] = [];

  constructor(values: readonly string[] = []) {
    this.add(...values);
  }

  /** Adds secret values; each is scrubbed as written and as it appears inside a JSON string. */
  add(...values: ReadonlyArray<string | undefined>): void {
    const forms = values
      .filter((value): value is string => typeof value === 'string' && value.length >= MIN_SCRUBBED_LENGTH)
      .flatMap((value) => [value, JSON.stringify(value).slice(1, -1)]);
    if (forms.length === 0) return;
    // Longest first, so a secret that contains another goes whole.
    this.values = [...new Set([...this.values, ...forms])].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.values.length;
  }

  scrub(text: string): string {
    return this.values.reduce(
      (out, secret) => (out.includes(secret) ? out.split(secret).join('[redacted]') : out),
      text,
    );
  }

  /**
   * A copy of `value` with every string in it scrubbed (object keys too). An
   * Error becomes `{ type, message, stack }`, as a log line shows it.
   */
  scrubValue<T>(value: T): T {
    return this.values.length === 0 ? value : (scrubDeep(value, (text) => this.scrub(text), new WeakSet()) as T);
  }
}

const LOG_METHODS: ReadonlySet<PropertyKey> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/**
 * `logger`, with every argument of every line (message and merged object)
 * scrubbed of the request's secrets, its children too. A wrapper rather than
 * a pino option: pino applies value hooks only when the root logger is made,
 * and the secrets are known only once the request's input has been read.
 */
export function scrubbingLogger(logger: Logger, secrets: RequestSecrets): Logger {
  return new Proxy(logger, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (LOG_METHODS.has(property)) {
        return (...args: unknown[]): void => {
          value.apply(
            target,
            args.map((arg) => secrets.scrubValue(arg)),
          );
        };
      }
      if (property === 'child') {
        return (...args: unknown[]) => scrubbingLogger(value.apply(target, args) as Logger, secrets);
      }
      return value;
    },
  });
}

// Private: a deep copy that scrubs strings; cycles become '[Circular]'.
function scrubDeep(value: unknown, scrub: (text: string) => string, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  // A Date (DateTime fields serialize to one) holds no text to scrub, and copying its own
  // properties would make it `{}`: every date of a response read with a credential lost.
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    return { type: value.name, message: scrub(value.message), stack: value.stack && scrub(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub, seen));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v, scrub, seen)]));
}
