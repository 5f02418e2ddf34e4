// Reading a ModelArts request's query parameters and JSON body as the API
// checks them (docs/vendor/001-modelarts-register-image.txt, 004 "Request Parameters"): each reader returns
// the value, or throws a ParameterError saying what is wrong.

import { ParameterError } from './errors.js';

export function intParam(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ParameterError(`${name} must be an integer, got '${raw}'`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new ParameterError(`${name} must be at least ${min}`);
  return value;
}

export function enumParam<T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ParameterError(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^(true|false)$/i.test(raw)) throw new ParameterError(`${name} must be true or false`);
  return raw.toLowerCase() === 'true';
}

/** The body as a JSON object; an empty body is `{}` when `emptyIsObject`, else an error. */
export function parseJsonObject(body: Buffer, emptyIsObject = false): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') {
    if (emptyIsObject) return {};
    throw new ParameterError('the request body is empty');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ParameterError('the request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ParameterError('the request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ParameterError(`${field} must be a string`);
  return value;
}

export function optionalEnum<T extends string>(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  caseInsensitive = false,
): T | undefined {
  const value = optionalString(body, field);
  if (value === undefined) return undefined;
  const candidate = caseInsensitive ? value.toUpperCase() : value;
  if (!(allowed as readonly string[]).includes(candidate)) {
    throw new ParameterError(`${field} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return candidate as T;
}

/** An array of enum values, duplicates dropped. */
export function optionalEnumArray<T extends string>(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ParameterError(`${field} must be an array of strings`);
  for (const item of value) {
    if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item)) {
      throw new ParameterError(`${field} items must be one of ${allowed.join(', ')}, got '${String(item)}'`);
    }
  }
  return [...new Set(value as T[])];
}

/** A description within the documented length. */
export function optionalDescription(body: Record<string, unknown>, max: number): string | undefined {
  const description = optionalString(body, 'description');
  if (description !== undefined && description.length > max) {
    throw new ParameterError(`description exceeds ${max} characters`);
  }
  return description;
}
