// Small pure conversions every source's map.ts uses: wire values that may be
// missing, of the wrong type, or outside a documented enum become null rather
// than failing the whole image (a vendor adding an enum value must not break
// every query that touches it).

/** A Date from epoch milliseconds, or null. */
export function dateFromEpochMs(value: unknown): Date | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A Date from an ISO 8601 string, or null. */
export function dateFromIso(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The value if it is one of `allowed` (compared case-insensitively), in the allowed spelling; else null. */
export function enumValue<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  if (typeof value !== 'string') return null;
  return (spellingsOf(allowed).get(value.toUpperCase()) as T | undefined) ?? null;
}

/**
 * Each allowed list's members by their upper case, made once per list: the
 * lists are module constants, and mapping a page of images asks them many
 * times per image.
 */
const spellings = new WeakMap<readonly string[], ReadonlyMap<string, string>>();

function spellingsOf(allowed: readonly string[]): ReadonlyMap<string, string> {
  let byUpper = spellings.get(allowed);
  if (!byUpper) {
    // The first spelling wins, as `find` did.
    byUpper = new Map([...allowed].reverse().map((candidate) => [candidate.toUpperCase(), candidate]));
    spellings.set(allowed, byUpper);
  }
  return byUpper;
}

/** The known members of a list enum; null when the field is absent. */
export function enumList<T extends string>(value: unknown, allowed: readonly T[]): T[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((item) => enumValue(item, allowed)).filter((item): item is T => item !== null);
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A non-negative integer count as a number, or null. */
export function integerOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

/** Normalized CPU architecture from a vendor's word (x86_64, X86_64, amd64, aarch64, arm64). */
export function architectureFromWord(value: unknown): 'X86_64' | 'AARCH64' | null {
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase().replace(/-/g, '_');
  if (word === 'x86_64' || word === 'amd64' || word === 'x64' || word === 'x86') return 'X86_64';
  if (word === 'aarch64' || word === 'arm64' || word === 'arm') return 'AARCH64';
  return null;
}
