// What clients and logs see of errors: internal failures hidden, and every
// configured secret scrubbed from every message, extension and log line (a
// request's own secrets are scrubbed from its whole answer by the operation
// pipeline's response step, see operation.ts).

import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayConfig } from '../config/index.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { secretsOf } from '../upstream/auth/index.js';
import { LimitRejection } from './limits.js';

export type Scrub = (text: string) => string;

/** Replaces every one of `secrets` in a text (longest first, so a secret containing another goes whole). */
export function scrubber(secrets: readonly string[]): Scrub {
  const ordered = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) =>
    ordered.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join('[redacted]') : out), text);
}

/** Every secret value in the configuration: each instance's credentials, as its kind classifies them. */
export function configuredSecrets(config: GatewayConfig): string[] {
  return config.sources.flatMap((instance) => secretsOf(instance.auth));
}

/** A value scrubbed through its JSON form (extensions, whole errors). */
export function scrubJson<T>(value: T, scrub: Scrub): T {
  return JSON.parse(scrub(JSON.stringify(value))) as T;
}

/** A thrown value as text for a log line: its stack when it has one. */
export function describeThrown(thrown: unknown): string {
  return thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
}

/**
 * The bug behind an error, when it is one: a thrown value that is not a
 * GraphQLError. Errors without an originalError are GraphQL's own (syntax,
 * validation, variables); a GraphQLError original is ours (GatewayError) or
 * graphql-js's (serialization).
 */
export function unexpectedCause(error: unknown): unknown {
  const original = error instanceof GraphQLError ? error.originalError : error;
  return original !== undefined && !(original instanceof GraphQLError) ? original : undefined;
}

/** Errors already logged: a request logs its own first (apollo.ts), with its logger, before they are formatted. */
const logged = new WeakSet<object>();

/** Logs the bug behind an error, once; nothing for an error that is no bug. */
export function logUnexpected(error: unknown, logger: Logger, scrub: Scrub): void {
  const cause = unexpectedCause(error);
  if (cause === undefined || (typeof error === 'object' && error !== null && logged.has(error))) return;
  if (typeof error === 'object' && error !== null) logged.add(error);
  const path = error instanceof GraphQLError ? error.path : undefined;
  logger.error({ err: scrub(describeThrown(cause)), path }, 'unexpected resolver error');
}

/**
 * What clients see of an error. Gateway errors keep their message and
 * extensions; GraphQL's own (parse, validation, variables) pass through;
 * anything else is a bug, logged (unless its request did) and hidden behind
 * INTERNAL_SERVER_ERROR.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  scrub: Scrub,
  logger: Logger,
): GraphQLFormattedError {
  if (unexpectedCause(error) !== undefined) {
    logUnexpected(error, logger, scrub);
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  }
  // `http` is Apollo's hint for the response's status and headers, never the client's to read
  // (Apollo drops it over HTTP; over WebSocket nothing else would).
  const { http: _http, ...rest } = { ...formatted.extensions, ...corrections(error) };
  const extensions = formatted.extensions ? scrubJson(rest, scrub) : undefined;
  return { ...formatted, message: scrub(formatted.message), extensions };
}

/** Where the code Apollo gives an error is not the one to send: what to send instead. */
function corrections(error: unknown): Record<string, unknown> {
  if (!(error instanceof GraphQLError)) return {};
  // A limit's refusal keeps its own code and `limit` through Apollo's GRAPHQL_VALIDATION_FAILED wrapping.
  if (error.originalError instanceof LimitRejection) return error.originalError.extensions;
  // Apollo's refusal of a request it cannot run (a persisted-query hash that does not match its
  // query) has a 4xx hint and no code, which Apollo's default would call INTERNAL_SERVER_ERROR.
  if (error.extensions.code === undefined && isClientStatus(error.extensions.http)) return { code: 'BAD_REQUEST' };
  return {};
}

/** An Apollo HTTP hint (`extensions.http`) with a 4xx status. */
function isClientStatus(http: unknown): boolean {
  if (typeof http !== 'object' || http === null || !('status' in http)) return false;
  return typeof http.status === 'number' && http.status >= 400 && http.status < 500;
}
