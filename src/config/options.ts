// Helpers for a source's `parseOptions`.

import { ConfigError } from './errors.js';

/** Refuses keys a source does not know, naming the first one. */
export function refuseUnknownOptions(
  raw: Readonly<Record<string, unknown>>,
  known: readonly string[],
  nameOf: (option: string) => string,
): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      throw new ConfigError(`${nameOf(key)}: unknown option (known: ${known.join(', ') || 'none'})`);
    }
  }
}

/** The `parseOptions` of a source that has no options. */
export function noOptions(raw: Readonly<Record<string, unknown>>, nameOf: (option: string) => string): undefined {
  refuseUnknownOptions(raw, [], nameOf);
  return undefined;
}
