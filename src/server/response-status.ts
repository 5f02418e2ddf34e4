// The HTTP status of a GraphQL request error (a document that does not parse
// or validate, variables that do not coerce, an unknown operation), as the
// GraphQL over HTTP spec has it, by the media type of the response:
//
// - application/graphql-response+json: 400, as Apollo answers.
// - application/json (asked for, or no Accept, or */*): 200 with the errors,
//   since a client of the older media type reads the body whatever the
//   status, and intermediaries must not mistake a well-formed request that
//   failed validation for a broken one. Apollo answers 400 here;
//   `correctedRequestErrorStatus` puts it right.
//
// Requests that are not well-formed GraphQL over HTTP (no query, a body that
// is not JSON, parameters of the wrong type, a mutation over GET) keep their
// 4xx under either media type.

import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { FormattedExecutionResult } from 'graphql';
import Negotiator from 'negotiator';
import { ErrorCode } from '../errors.js';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

/** Codes of request errors; MAX_DEPTH is the gateway's pre-parse guard (nesting-guard.ts). */
const REQUEST_ERROR_CODES: ReadonlySet<unknown> = new Set([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ErrorCode.MAX_DEPTH,
]);

/**
 * The media type of a single GraphQL response for this Accept header, chosen
 * as Apollo chooses it (application/json first on a tie); application/json
 * when the header accepts neither.
 */
export function responseMediaType(accept: string | undefined): typeof JSON_TYPE | typeof GRAPHQL_RESPONSE_TYPE {
  if (!accept) return JSON_TYPE;
  const preferred = new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE]);
  return preferred === GRAPHQL_RESPONSE_TYPE ? GRAPHQL_RESPONSE_TYPE : JSON_TYPE;
}

/** The status of a response that carries only request errors. */
export function requestErrorStatus(accept: string | undefined): 200 | 400 {
  return responseMediaType(accept) === JSON_TYPE ? 200 : 400;
}

/**
 * The status to send instead of Apollo's for a response of request errors
 * alone: 200 under application/json (Apollo answers 400 under either media
 * type); undefined to keep Apollo's.
 */
export function correctedRequestErrorStatus(
  status: number | undefined,
  result: FormattedExecutionResult,
  accept: string | undefined,
): 200 | 400 | undefined {
  if (status !== 400 || result.data !== undefined || !result.errors?.length) return undefined;
  if (!result.errors.every((error) => REQUEST_ERROR_CODES.has(error.extensions?.code))) return undefined;
  return requestErrorStatus(accept);
}
