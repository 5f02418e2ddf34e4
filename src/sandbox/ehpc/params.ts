// Reading an E-HPC RPC request's parameters: from the query string (and a form
// body), each given once; arrays and structs JSON-encoded as the SDK sends
// them (`ImageIds=["m-1","m-2"]`, `VMImageSpec={"ImageId":"m-1"}`), so the
// repeat-list form (`ImageIds.1=…`) is refused. Each reader returns the value,
// or throws a ParamError naming the parameter.

import type { EmulatorRequest } from '../emulator.js';
import { ParamError } from './errors.js';
import type { EhpcImageCategory, EhpcImageType } from './types.js';

export type EhpcParams = Map<string, string>;

export const CATEGORIES: readonly EhpcImageCategory[] = ['Public', 'Custom'];
export const TYPES: readonly EhpcImageType[] = ['VM', 'Container'];

const ARRAY_PARAMS = ['ImageIds', 'ImageNames', 'AdditionalRegionIds'];

export function readParams(request: EmulatorRequest): EhpcParams {
  const pairs = [...new URLSearchParams(request.rawQuery)];
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
  if (request.body.length > 0 && contentType.startsWith('application/x-www-form-urlencoded')) {
    pairs.push(...new URLSearchParams(request.body.toString('utf8')));
  }
  const params: EhpcParams = new Map();
  for (const [key, value] of pairs) {
    if (params.has(key)) throw new ParamError(key);
    const repeatList = /^([A-Za-z]+)\.\d+$/.exec(key);
    if (repeatList && ARRAY_PARAMS.includes(repeatList[1])) throw new ParamError(key);
    params.set(key, value);
  }
  return params;
}

/** The value, or undefined when absent or empty. */
export function optional(params: EhpcParams, name: string): string | undefined {
  const value = params.get(name);
  return value === undefined || value === '' ? undefined : value;
}

export function required(params: EhpcParams, name: string): string {
  const value = optional(params, name);
  if (value === undefined) throw new ParamError(name);
  return value;
}

export function oneOf<T extends string>(params: EhpcParams, name: string, allowed: readonly T[]): T | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ParamError(name);
  return value as T;
}

export function stringArray(params: EhpcParams, name: string): string[] | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new ParamError(name);
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw new ParamError(name);
  return parsed;
}

export function integer(params: EhpcParams, name: string, fallback: number, min: number, max: number): number {
  const value = optional(params, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw new ParamError(name);
  const n = Number(value);
  if (n < min || n > max) throw new ParamError(name);
  return n;
}

export function jsonObject(params: EhpcParams, name: string): Record<string, unknown> | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ParamError(name);
}
