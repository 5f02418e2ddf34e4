// One GraphQL operation's way through the gateway, whichever transport
// brought it. HTTP (Apollo Server, ./apollo.ts) and WebSocket (graphql-ws,
// ./ws.ts) are thin adapters: each keeps its framing and its refusal codes,
// and calls these steps, in this order, for everything the gateway promises
// about an operation:
//
//   1. limits before parsing   nesting of the document and variables (./nesting-guard.ts)
//   2. parse                   with the token limit (./limits.ts); cached per document text
//   3. write-only values       collected into the request's secrets before anything
//                              can echo them, validation and variable coercion included
//                              (./write-only.ts)
//   4. validate                graphql-js's rules, graphql-armor's limits, the
//                              introspection switch (./limits.ts); cached with the parse
//   5. admit                   the caller's scope for the operation's type, and where
//                              subscriptions are served (over HTTP: refused, 400);
//                              then variables coerced (BAD_USER_INPUT)
//   6. respond                 errors formatted (internal failures hidden, configured
//                              secrets scrubbed: ./errors.ts); errors reported beside
//                              data added; in production, schema details dropped
//                              (./schema-privacy.ts); the request's secrets scrubbed
//                              from the whole answer; its error codes observed for the
//                              access log and metrics (../observability/)
//
// Apollo runs 2, 4 and the coercion of variables itself, with its own
// parsed-and-validated document cache and the same rules and token limit;
// the WebSocket adapter calls `prepare` (which caches likewise) and
// `coerceVariables`. Nothing here runs per field.

import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { missingScopeError, type Caller } from '../auth/index.js';
import type { RequestLimits } from '../config/index.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { RequestObservation } from '../observability/request.js';
import type { RequestSecrets } from '../request-secrets.js';
import { formatGraphQLError, scrubJson, type Scrub } from './errors.js';
import { documentValidationRules, LimitRejection, MAX_TOKENS } from './limits.js';
import { documentNestingError, MAX_INPUT_DEPTH, valueNestsDeeperThan } from './nesting-guard.js';
import { namesWritten, withoutSchemaDetails } from './schema-privacy.js';
import { writeOnlyValues } from './write-only.js';

/** Where subscriptions are served; a subscription sent over HTTP is told so. */
export const SUBSCRIPTIONS_PATH = '/graphql';

/** The transport an operation arrived by. */
export type Transport = 'http' | 'websocket';

/** What a client sent for one operation (the GraphQL-over-HTTP request parameters, a graphql-ws payload). */
export interface OperationRequest {
  query?: string | null;
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
}

/** A document that parsed and validated, with the operation the request names in it. */
export interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

export interface OperationPipelineOptions {
  schema: GraphQLSchema;
  limits: RequestLimits;
  /** IMAGE_GATEWAY_INTROSPECTION */
  introspection: boolean;
  /** NODE_ENV=production: request errors name nothing of the schema the request did not write. */
  production: boolean;
  /** Scrubs the configured secrets. */
  scrub: Scrub;
  logger: Logger;
}

/** Most documents kept parsed and validated (WebSocket; Apollo keeps its own), and most text they may hold. */
const DOCUMENT_CACHE_ENTRIES = 1_000;
const DOCUMENT_CACHE_CHARS = 8 * 1024 * 1024;

export class OperationPipeline {
  readonly schema: GraphQLSchema;
  /** The document rules beyond graphql-js's own, for Apollo's validation and `prepare`'s. */
  readonly validationRules: readonly ValidationRule[];
  /** graphql-js `parse` options: the token limit. */
  readonly parseOptions = { maxTokens: MAX_TOKENS } as const;
  private readonly allRules: readonly ValidationRule[];
  /**
   * Parsed and validated documents by their text, least recently used out
   * first, bounded by count and by the text they hold (a huge document is not
   * kept: it would push out many ordinary ones). A document's validity
   * depends only on the schema and the rules, both fixed for a pipeline.
   */
  private readonly documents = new LRUCache<string, DocumentNode>({
    max: DOCUMENT_CACHE_ENTRIES,
    maxSize: DOCUMENT_CACHE_CHARS,
    maxEntrySize: DOCUMENT_CACHE_CHARS / 16,
    sizeCalculation: (_document, text) => Math.max(1, text.length),
  });

  constructor(private readonly options: OperationPipelineOptions) {
    this.schema = options.schema;
    this.validationRules = documentValidationRules(options.limits, options.introspection);
    this.allRules = [...specifiedRules, ...this.validationRules];
  }

  /** Step 1: why a document or its variables are refused before parsing (MAX_DEPTH), if they are. */
  nestingError(query: unknown, variables?: unknown): string | undefined {
    if (typeof query === 'string') {
      const error = documentNestingError(query, this.options.limits.maxDepth);
      if (error) return error;
    }
    return valueNestsDeeperThan(variables, MAX_INPUT_DEPTH)
      ? `Input nesting limit of ${MAX_INPUT_DEPTH} exceeded in variables.`
      : undefined;
  }

  /**
   * Steps 1 to 4 for a transport that has no pipeline of its own
   * (WebSocket): the operation to run, or the request errors that refuse it.
   * Its write-only values are in `secrets` either way.
   */
  prepare(request: OperationRequest, secrets: RequestSecrets): PreparedOperation | GraphQLError[] {
    const query = request.query ?? '';
    let document = this.documents.get(query);
    // A cached document passed the guard already; variables are new with every request.
    const tooDeep = this.nestingError(document ? undefined : query, request.variables);
    if (tooDeep) return [new GatewayError(tooDeep, { code: ErrorCode.MAX_DEPTH })];
    if (document) {
      this.collectSecrets(document, request.variables, secrets);
    } else {
      try {
        document = parse(query, this.parseOptions);
      } catch (error) {
        if (error instanceof GraphQLError) return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
        throw error;
      }
      this.collectSecrets(document, request.variables, secrets);
      const invalid = validate(this.options.schema, document, this.allRules);
      if (invalid.length > 0) {
        return invalid.map((error) =>
          error instanceof LimitRejection ? error : withCode(error, 'GRAPHQL_VALIDATION_FAILED'),
        );
      }
      this.documents.set(query, document);
    }
    const operation = getOperationAST(document, request.operationName);
    if (!operation) {
      const message = request.operationName
        ? `Unknown operation named "${request.operationName}".`
        : 'Must provide operation name if query contains multiple operations.';
      return [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
    }
    return { document, operation };
  }

  /** Step 3: the request's @writeOnly values, into its secrets (called again on a cached document: its variables differ). */
  collectSecrets(
    document: DocumentNode,
    variables: Readonly<Record<string, unknown>> | null | undefined,
    secrets: RequestSecrets,
  ): void {
    secrets.add(...writeOnlyValues(this.options.schema, document, variables ?? undefined));
  }

  /**
   * Step 5: whether `caller` may run this operation here: undefined, or the
   * refusal (FORBIDDEN for a missing scope; BAD_REQUEST, HTTP 400, for a
   * subscription over HTTP). The observation learns the operation first.
   */
  admit(
    operation: OperationDefinitionNode,
    caller: Caller,
    transport: Transport,
    observation: RequestObservation,
  ): GraphQLError | undefined {
    observation.operationResolved(operation.name?.value ?? null, operation.operation);
    if (transport === 'http' && operation.operation === OperationTypeNode.SUBSCRIPTION) {
      return new GraphQLError(
        `Subscriptions are served over WebSocket (graphql-ws, subprotocol graphql-transport-ws) on ${SUBSCRIPTIONS_PATH}`,
        { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
      );
    }
    return missingScopeError(caller, operation.operation);
  }

  /**
   * Step 5, last: the request's variables checked against the operation's
   * definitions before it runs, as Apollo does: their errors are request
   * errors (BAD_USER_INPUT), and may quote the values (whose write-only ones
   * step 3 collected).
   */
  coerceVariables(
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | null | undefined,
  ): GraphQLError[] | undefined {
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {}, {
      maxErrors: 50,
    });
    return coerced.errors?.map((error) => withCode(error, 'BAD_USER_INPUT'));
  }

  /** Step 6, per error: what the client sees of it (Apollo's `formatError`; the WebSocket adapter's too). */
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    return formatGraphQLError(formatted, error, this.options.scrub, this.options.logger);
  }

  /**
   * Step 6, per result: the answer as sent, from a result whose errors are
   * already formatted. `extraErrors` (taken, the array emptied) are those a
   * resolver reported beside its data (a failing source in `images`).
   */
  respond<T extends FormattedExecutionResult>(
    result: T,
    request: OperationRequest,
    secrets: RequestSecrets,
    extraErrors?: GraphQLFormattedError[],
  ): T {
    let errors = result.errors;
    if (extraErrors !== undefined && extraErrors.length > 0) {
      errors = [...(errors ?? []), ...extraErrors.splice(0).map((error) => scrubJson(error, this.options.scrub))];
    }
    if (this.options.production && errors?.some((error) => error.path === undefined)) {
      errors = withoutSchemaDetailsIn(errors, request);
    }
    const answer = errors === result.errors ? result : { ...result, errors };
    return secrets.scrubValue(answer);
  }
}

/** `extensions.code` of each error in a response, as the access log and metrics count them. */
export function errorCodesOf(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  if (!errors) return [];
  return errors.map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR;
  });
}

// Private: the steps' helpers.

/** Request errors (no path) without the schema details the request did not write; field errors as they are. */
function withoutSchemaDetailsIn(
  errors: readonly GraphQLFormattedError[],
  request: OperationRequest,
): GraphQLFormattedError[] {
  const written = namesWritten([
    request.query ?? '',
    request.operationName ?? '',
    JSON.stringify(request.variables ?? {}),
  ]);
  return errors.map((error) =>
    error.path === undefined ? { ...error, message: withoutSchemaDetails(error.message, written) } : error,
  );
}

/** GraphQL's own error with the code Apollo gives it over HTTP. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
