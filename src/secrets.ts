// Scrubbing secrets out of text: the configured ones (credentials, known at
// start) and those a request brings itself (a registry password in a
// mutation's input, marked `@writeOnly` in the SDL), which only that request's
// context knows.
//
// A request's secrets are collected before anything can echo them (GraphQL's
// own variable errors print the offending input object, password and all; an
// upstream may quote a parameter back in its error message), and are scrubbed
// from the request's response (src/server/apollo.ts) and from every line its
// logger writes (`scrubbingLogger`).

import type { Logger } from './logger.js';

export type Scrub = (text: string) => string;

/** Shorter values are not scrubbed: replacing them would garble any text (and they are no secret). */
export const MIN_SCRUBBED_LENGTH = 4;

/** Replaces every one of `secrets` in a text (longest first, so a secret containing another goes whole). */
export function scrubber(secrets: Iterable<string>): Scrub {
  const ordered = [...new Set([...secrets].filter((s) => s.length >= MIN_SCRUBBED_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => ordered.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

/** The secrets one request carries. */
export class RequestSecrets {
  private readonly values = new Set<string>();
  private scrubText: Scrub = (text) => text;

  add(value: string): void {
    if (value.length < MIN_SCRUBBED_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    this.scrubText = scrubber(this.values);
  }

  get size(): number {
    return this.values.size;
  }

  scrub(text: string): string {
    return this.values.size === 0 ? text : this.scrubText(text);
  }

  /**
   * A copy of `value` with every string in it scrubbed (object keys too). An
   * Error becomes `{ type, message, stack }`, as a log line shows it.
   */
  scrubValue<T>(value: T): T {
    return this.values.size === 0 ? value : (scrubDeep(value, this.scrubText, new WeakSet()) as T);
  }
}

// Private: a deep copy that scrubs strings; cycles become '[Circular]'.
function scrubDeep(value: unknown, scrub: Scrub, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) {
    return { type: value.name, message: scrub(value.message), stack: value.stack && scrub(value.stack) };
  }
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub, seen));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v, scrub, seen)]));
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
