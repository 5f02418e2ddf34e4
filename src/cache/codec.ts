// Cache values as text: JSON, with the two kinds of value a mapped image holds
// that JSON would lose, Date (createdAt, updatedAt …) and bigint, tagged on
// the way in and restored on the way out.

const DATE = '$igwDate';
const BIGINT = '$igwBigInt';

export function encodeCached(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, encoded: unknown) {
    // `this[key]` is the value before its toJSON (a Date, not its ISO string).
    const raw = this[key];
    if (raw instanceof Date) return { [DATE]: raw.getTime() };
    if (typeof raw === 'bigint') return { [BIGINT]: raw.toString() };
    return encoded;
  });
}

export function decodeCached(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const tagged = value as Record<string, unknown>;
      if (typeof tagged[DATE] === 'number' && Object.keys(tagged).length === 1) return new Date(tagged[DATE]);
      if (typeof tagged[BIGINT] === 'string' && Object.keys(tagged).length === 1) return BigInt(tagged[BIGINT]);
    }
    return value;
  });
}
