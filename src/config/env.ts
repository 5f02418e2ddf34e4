// Reading settings from the environment: the shared helpers every source and
// credential kind uses for its own variables, so that every bad value fails
// the same way, at start, naming its variable.

import { ConfigError } from './errors.js';

export type Env = Record<string, string | undefined>;

/** An integer setting; unset or empty gives `fallback`. */
export function intFromEnv(env: Env, key: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  // Decimal digits only: Number() would also take " ", "0x50" or "1e3".
  const value = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A true/false setting from a config value or an env string (1/0, true/false, yes/no, on/off). */
export function parseBoolean(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(word)) return true;
    if (['0', 'false', 'no', 'off'].includes(word)) return false;
  }
  throw new ConfigError(`${where} must be true or false (1/0), got ${JSON.stringify(value)}`);
}

/** An integer setting from a config value or an env string. */
export function parseInteger(value: unknown, where: string, min: number, max: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${where} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** An http(s) base URL, without trailing slashes. */
export function httpUrl(raw: string, where: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${where} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${where} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/** The region in a vendor host name such as `service.region-1.cloud.example`; '' when none. */
export function regionFromEndpoint(endpoint: string, service: string): string {
  const host = new URL(endpoint).hostname;
  const match = new RegExp(`^${service}\\.([a-z0-9-]+)\\.`).exec(host);
  return match?.[1] ?? '';
}
