// What clients and logs see of errors: internal failures hidden, and every
// configured secret scrubbed from every message, extension and log line.

import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayConfig } from '../config/index.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { scrubRequestSecrets } from '../request-secrets.js';
import { secretsOf } from '../upstream/auth/index.js';

export type Scrub = (text: string) => string;

/**
 * Replaces every one of `secrets` in a text (longest first, so a secret
 * containing another goes whole), and the current request's own
 * (src/request-secrets.ts).
 */
export function scrubber(secrets: readonly string[]): Scrub {
  const ordered = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => scrubRequestSecrets(ordered.reduce((out, secret) => out.split(secret).join('[redacted]'), text));
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
 * What clients see of an error. Gateway errors keep their message and
 * extensions; GraphQL's own (parse, validation, variables) pass through;
 * anything else is a bug and is hidden behind INTERNAL_SERVER_ERROR.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  scrub: Scrub,
  logger: Logger,
): GraphQLFormattedError {
  // No originalError: GraphQL's own (syntax, validation, variables). A
  // GraphQLError original: ours (GatewayError) or graphql-js's (serialization).
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original !== undefined && !(original instanceof GraphQLError)) {
    logger.error({ err: scrub(describeThrown(original)), path: formatted.path }, 'unexpected resolver error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  }
  const extensions = formatted.extensions ? scrubJson(formatted.extensions, scrub) : undefined;
  return { ...formatted, message: scrub(formatted.message), extensions };
}
