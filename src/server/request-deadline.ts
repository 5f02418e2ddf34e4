// The request's deadline, held by the response too (IMAGE_GATEWAY_REQUEST_TIMEOUT_MS).
//
// Every upstream call of a request already ends by its deadline: the context
// puts it in the request's CallScope, and the client cuts each call's budget
// to it. But a resolver may wait on more than a call: a credential fetch
// before signing, a turn in a concurrency queue, a listing between pages. So
// every resolver that returns a promise is raced against the scope's signal:
// when it aborts (the deadline passed, or the client went away), a field
// still waiting ends with UPSTREAM_TIMEOUT, its siblings keep what they
// resolved, and the response goes out. What the field was waiting for carries
// on only until the same signal stops its upstream calls.
//
// An upstream call cut by the deadline fails at the same moment, with a
// better error (which provider, how long it waited): the race gives it
// UPSTREAM_FIRST_MS to arrive before answering with its own.
//
// Subscription fields are left alone: a subscription outlives any request deadline.

import { ErrorCode, GatewayError } from '../errors.js';
import type { GatewayContext } from '../context-types.js';

/** How long after the deadline a field's own error may still win the race. */
const UPSTREAM_FIRST_MS = 20;

type AnyResolver = (parent: unknown, args: unknown, context: GatewayContext, info: unknown) => unknown;

/** The resolver map with every field resolver bounded by its request's deadline. */
export function withRequestDeadline<R extends object>(resolvers: R): R {
  const bounded: Record<string, unknown> = {};
  for (const [typeName, fields] of Object.entries(resolvers)) {
    bounded[typeName] = typeName === 'Subscription' || !isFieldMap(fields) ? fields : boundFields(fields);
  }
  return bounded as R;
}

/** The error a field still waiting gets when the signal aborts. */
export function deadlineError(signal: AbortSignal): GatewayError {
  const timedOut = (signal.reason as { name?: unknown } | undefined)?.name === 'TimeoutError';
  return timedOut
    ? new GatewayError('The request did not complete within its time limit (IMAGE_GATEWAY_REQUEST_TIMEOUT_MS)', {
        code: ErrorCode.UPSTREAM_TIMEOUT,
      })
    : new GatewayError('The request was cancelled before this field resolved', {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
      });
}

// Private: which values are a type's field resolvers, and the race.

/** A plain object of fields (not a scalar's GraphQLScalarType, not an enum's values). */
function isFieldMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function boundFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, resolver] of Object.entries(fields)) {
    // __resolveType / __isTypeOf are synchronous lookups, not fields.
    out[name] = typeof resolver === 'function' && !name.startsWith('__') ? bound(resolver as AnyResolver) : resolver;
  }
  return out;
}

function bound(resolver: AnyResolver): AnyResolver {
  return (parent, args, context, info) => {
    const result: unknown = resolver(parent, args, context, info);
    const signal = context.scope.signal;
    if (!signal) return result;
    // A list field may return a list of promises, each resolved on its own (`nodes`).
    if (Array.isArray(result)) return result.map((item: unknown) => (isPromise(item) ? race(item, signal) : item));
    return isPromise(result) ? race(result, signal) : result;
  };
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

// One promise per signal, rejected when it aborts: a request's many fields share it,
// rather than each adding a listener to the signal.
const aborted = new WeakMap<AbortSignal, Promise<never>>();

function race<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  let stop = aborted.get(signal);
  if (!stop) {
    stop = signal.aborted
      ? Promise.reject(deadlineError(signal))
      : new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => setTimeout(() => reject(deadlineError(signal)), UPSTREAM_FIRST_MS), {
            once: true,
          }),
        );
    stop.catch(() => undefined); // rejected whether or not a field is still waiting
    aborted.set(signal, stop);
  }
  return Promise.race([work, stop]);
}
