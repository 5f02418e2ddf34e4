// How the catalog writes values for people: sizes in binary units, times in
// the reader's locale and zone, enum words as they are. Pure, unit-tested.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/**
 * A byte count (BigInt arrives as a number or a decimal string: sizes pass
 * 2^53 in theory, so the string is read as a BigInt) in binary units, one
 * decimal where the number is small: `3.1 GiB`, `512 B`. Null or unreadable: `—`.
 */
export function formatBytes(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  let bytes: bigint;
  try {
    bytes = typeof value === 'number' ? BigInt(Math.trunc(value)) : BigInt(value);
  } catch {
    return '—';
  }
  if (bytes < 0n) return '—';
  let unit = 0;
  // Whole units by BigInt division first (no precision lost above 2^53), then the last step in floating point.
  while (bytes >= 1024n * 1024n && unit < UNITS.length - 2) {
    bytes /= 1024n;
    unit += 1;
  }
  let amount = Number(bytes);
  if (amount >= 1024 && unit < UNITS.length - 1) {
    amount /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${amount} B`;
  const digits = amount < 10 ? 1 : 0;
  return `${amount.toFixed(digits)} ${UNITS[unit]}`;
}

/** An ISO date-time as the reader's locale writes a date and time; null: `—`. */
export function formatDateTime(value: string | null | undefined, locale?: string): string {
  if (typeof value !== 'string' || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Any field value of the details panel as text: lists joined, objects as JSON, null as `—`. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(formatValue).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '—';
}

/** `osFeatureList` → "Os feature list": a field name in words, for the details panel's labels. */
export function fieldInWords(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
