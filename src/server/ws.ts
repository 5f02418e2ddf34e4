// GraphQL over WebSocket: graphql-ws (protocol `graphql-transport-ws`) on the
// gateway's own http.Server, on the GraphQL path only. It serves the same
// executable schema as HTTP, checks documents with the same limits (token
// count at parse, graphql-armor's rules at validation), gives each operation
// its own context like an HTTP request's, and formats and scrubs errors the
// same way. Subscriptions are what it is for; queries and mutations work too.
// Each operation is observed like an HTTP request (one access-log line and the
// request metrics when it ends: ../observability/telemetry.ts).
//
// Nothing a client sends closes its connection: a syntax error, an invalid
// document, a limit or a failing resolver is an `error` (or a `next` with
// errors) on that operation only. graphql-ws closes the socket (4500) when a
// hook throws, so every hook here catches.
//
//   upgrade on /graphql        → graphql-ws (subprotocol graphql-transport-ws)
//   upgrade on any other path  → 404, the socket closed
//   upgrade while closing      → 503

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import {
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { Context } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GatewayContext } from '../context.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { OperationObservation } from '../observability/telemetry.js';
import type { RequestObservation } from '../observability/request.js';
import type { RequestSecrets } from '../request-secrets.js';
import { describeThrown, formatGraphQLError, scrubJson, type Scrub } from './errors.js';
import { GRAPHQL_PATH } from './http.js';
import { serveGraphQLWs } from './ws-transport.js';
import { LimitRejection, MAX_TOKENS } from './limits.js';
import { documentNestingError, MAX_INPUT_DEPTH, valueNestsDeeperThan } from './nesting-guard.js';

/** What the gateway knows of a WebSocket connection: when it is initialised, and for each operation on it. */
export interface WebSocketConnection {
  /** The HTTP upgrade request (its headers, its remote address). */
  request: http.IncomingMessage;
  /** The `connection_init` payload; GraphiQL sends its headers editor's contents here. */
  params: Readonly<Record<string, unknown>>;
}

/** What admission decided for a connection: the session its operations run as, or why it is refused. */
export type Admission<Session> =
  { admitted: true; session: Session } | { admitted: false; code: number; reason: string };

export interface WebSocketOptions<Session> {
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** Beyond graphql-js's own rules (graphql-armor's, ./limits.ts). */
  validationRules: readonly ValidationRule[];
  /** The selection depth limit, for the nesting guard that runs before parsing (./nesting-guard.ts). */
  maxDepth: number;
  /**
   * The one place a connection is admitted, when its `connection_init`
   * arrives (client authentication: the payload carries what HTTP sends as
   * headers). A refusal closes the socket with its code and reason.
   */
  admit(connection: WebSocketConnection): Promise<Admission<Session>>;
  /** Refuses one operation of an admitted connection before it runs (a missing scope), or lets it. */
  authorize(session: Session, operation: OperationTypeNode): GraphQLError | undefined;
  /** Refuses one operation past its caller's rate limit (src/rate-limit/), or lets it. */
  limit?(connection: WebSocketConnection, session: Session): Promise<GraphQLError | undefined>;
  /** Starts observing one operation of an admitted connection (its log line and metrics). */
  observeOperation(connection: WebSocketConnection, session: Session): OperationObservation;
  /** The context of one operation, like an HTTP request's, observed by `observation`. */
  contextFor(connection: WebSocketConnection, session: Session, observation: RequestObservation): GatewayContext;
  /** The secrets of a connection's session, scrubbed from what is sent on it. */
  secretsOf(session: Session): RequestSecrets;
  /** Most operations in flight on one connection (IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS). */
  maxOperationsPerConnection: number;
  /** Largest accepted message, bytes (a larger one closes the socket with 1009). */
  maxMessageBytes: number;
  logger: Logger;
  scrub: Scrub;
}

export interface GraphQLWebSockets {
  /** Subscriptions running now, on every connection (the active-subscriptions gauge). */
  activeSubscriptions(): number;
  /**
   * Refuses new connections (503) and closes every open one with 1001
   * (going away), which ends its subscriptions; resolves once they are
   * closed. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Error codes kept per operation for its log line and metrics: a subscription
 * that runs for days through a failing upstream sends an error every poll.
 */
const MAX_ERROR_CODES = 100;

/** Sockets that do not answer the close handshake are cut after this long. */
const CLOSE_GRACE_MS = 2_000;

type ConnectionContext = Context<Record<string, unknown>, Extra>;

/** One operation from its `subscribe` message to its end. */
interface OperationRecord {
  watch: OperationObservation;
  /** The operation was handed to graphql-ws to run (it will end with onComplete); else it was refused. */
  running: boolean;
  /** It is a subscription (the active-subscriptions gauge counts those running). */
  subscription: boolean;
  /** `extensions.code` of each error sent on it (the first MAX_ERROR_CODES). */
  errorCodes: string[];
  /** A result carried data. */
  hasData: boolean;
  /** It ended with an error message (not cancelled, whatever the socket did then). */
  failed: boolean;
}

/** Serves GraphQL over WebSocket on `options.httpServer`, path /graphql. */
export function serveGraphQLOverWebSocket<Session>(options: WebSocketOptions<Session>): GraphQLWebSockets {
  const { httpServer, logger } = options;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes });
  let closing: Promise<void> | undefined;
  /** Admitted connections still open, and the operations running on each. */
  const open = new Set<ConnectionContext>();
  const operations = new WeakMap<ConnectionContext, Map<string, OperationRecord>>();
  const operationsOf = (ctx: ConnectionContext) => {
    let records = operations.get(ctx);
    if (!records) operations.set(ctx, (records = new Map<string, OperationRecord>()));
    return records;
  };
  /** Writes an operation's log line and metrics, once, and forgets it. */
  const ended = (ctx: ConnectionContext, id: string, cancelled: boolean) => {
    const record = operationsOf(ctx).get(id);
    if (!record) return;
    operationsOf(ctx).delete(id);
    record.watch.observation.responded(record.errorCodes, record.hasData);
    record.watch.end(cancelled && !record.failed);
  };
  const recordErrors = (ctx: ConnectionContext, id: string, errors: readonly GraphQLFormattedError[]) => {
    const record = operationsOf(ctx).get(id);
    if (!record) return;
    for (const error of errors.slice(0, MAX_ERROR_CODES - record.errorCodes.length)) {
      const code = error.extensions?.code;
      record.errorCodes.push(typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR);
    }
  };

  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy()); // a client gone mid-handshake is not the server's failure
    const pathname = new URL(request.url ?? '/', 'http://gateway.invalid').pathname;
    if (pathname !== GRAPHQL_PATH) {
      refuseUpgrade(socket, 404, `Not found: GraphQL over WebSocket is served on ${GRAPHQL_PATH}`);
      return;
    }
    if (closing) {
      refuseUpgrade(socket, 503, 'The gateway is shutting down');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);

  const server = serveGraphQLWs<Record<string, unknown>>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        try {
          const admission = await options.admit(connectionOf(ctx));
          logger.debug({ admitted: admission.admitted }, 'websocket connection initialised');
          if (!admission.admitted) {
            // A close reason holds at most 123 bytes.
            ctx.extra.socket.close(admission.code, Buffer.from(admission.reason).subarray(0, 120).toString());
            return false;
          }
          sessionOf.set(ctx.extra, admission.session);
          open.add(ctx);
          return true;
        } catch (thrown) {
          logger.error({ err: options.scrub(describeThrown(thrown)) }, 'websocket admission failed');
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        try {
          if (!sessionOf.has(ctx.extra)) throw new Error('an operation on a connection that was not admitted');
          const session = sessionOf.get(ctx.extra) as Session;
          const watch = options.observeOperation(connectionOf(ctx), session);
          watch.observation.graphqlStarted();
          const record: OperationRecord = {
            watch,
            running: false,
            subscription: false,
            errorCodes: [],
            hasData: false,
            failed: false,
          };
          operationsOf(ctx).set(id, record);
          const limited = await options.limit?.(connectionOf(ctx), session);
          if (limited) return [limited];
          const prepared = prepareOperation(ctx, session, payload, watch.observation, options);
          if (Array.isArray(prepared)) return prepared;
          record.running = true;
          // prepareOperation resolved the operation: its type is on the observation.
          record.subscription = watch.observation.graphql?.operationType === OperationTypeNode.SUBSCRIPTION;
          return prepared;
        } catch (thrown) {
          logger.error({ err: options.scrub(describeThrown(thrown)) }, 'websocket operation failed to start');
          return [new GraphQLError('Internal server error', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } })];
        }
      },
      onNext: (ctx, id, _payload, args, result) => {
        const record = operationsOf(ctx).get(id);
        if (record && result.data !== undefined && result.data !== null) record.hasData = true;
        // Errors a resolver reported beside its data (a failing source in `images`), as over HTTP.
        const context = contextOf.get(args);
        const extra = context?.extraErrors.splice(0) ?? [];
        if (!result.errors && extra.length === 0) return undefined;
        const scrub = scrubberOf(ctx, context);
        const errors: GraphQLFormattedError[] = [
          ...(result.errors ?? []).map((error) => formatGraphQLError(error.toJSON(), error, scrub, logger)),
          ...extra.map((error) => scrubJson(error, scrub)),
        ];
        recordErrors(ctx, id, errors);
        return { ...result, errors };
      },
      onError: (ctx, id, _payload, errors) => {
        const formatted = errors.map((error) => formatGraphQLError(error.toJSON(), error, scrubberOf(ctx), logger));
        recordErrors(ctx, id, formatted);
        const record = operationsOf(ctx).get(id);
        if (record) record.failed = true;
        // A refused operation ends here; one that ran ends with onComplete, which follows.
        if (record && !record.running) ended(ctx, id, false);
        return formatted;
      },
      // After the last result, or once the client stopped it (its id is then gone from ctx.subscriptions).
      onComplete: (ctx, id) => ended(ctx, id, !(id in ctx.subscriptions)),
      onClose: (ctx, code) => {
        open.delete(ctx);
        logger.debug({ code }, 'websocket connection closed');
      },
    },
    sockets,
    logger,
    options.scrub,
  );

  /** The configured secrets and those of this connection's session (and operation), scrubbed. */
  function scrubberOf(ctx: ConnectionContext, context?: GatewayContext): Scrub {
    const session = sessionOf.get(ctx.extra);
    const secrets =
      context?.requestSecrets ?? (session === undefined ? undefined : options.secretsOf(session as Session));
    return (text) => secrets?.scrub(options.scrub(text)) ?? options.scrub(text);
  }

  return {
    activeSubscriptions() {
      let count = 0;
      for (const ctx of open) {
        for (const record of operationsOf(ctx).values()) if (record.running && record.subscription) count += 1;
      }
      return count;
    },
    close() {
      closing ??= (async () => {
        const cut = setTimeout(() => {
          for (const socket of sockets.clients) socket.terminate();
        }, CLOSE_GRACE_MS);
        try {
          await server.dispose(); // 1001 "Going away" to every socket, then waits for them to close
        } finally {
          clearTimeout(cut);
        }
      })();
      return closing;
    },
  };
}

// Private: the context each operation was started with, for its results (onNext),
// and the session each admitted connection runs as.
const contextOf = new WeakMap<ExecutionArgs, GatewayContext>();
const sessionOf = new WeakMap<Extra, unknown>();

function connectionOf(ctx: ConnectionContext): WebSocketConnection {
  return { request: ctx.extra.request, params: ctx.connectionParams ?? {} };
}

/**
 * What graphql-ws executes for one `subscribe` message: the document parsed
 * and validated as over HTTP, and a fresh context; or the errors that refuse
 * it (sent as that operation's `error` message).
 */
function prepareOperation<Session>(
  ctx: ConnectionContext,
  session: Session,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  observation: RequestObservation,
  options: WebSocketOptions<Session>,
): ExecutionArgs | GraphQLError[] {
  // This operation is already counted among the connection's subscriptions.
  const inFlight = Object.keys(ctx.subscriptions).length;
  if (inFlight > options.maxOperationsPerConnection) {
    return [
      new GatewayError(
        `this connection already has ${options.maxOperationsPerConnection} operations in flight, its limit (IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS)`,
        { code: ErrorCode.LIMIT_EXCEEDED, limit: 'IMAGE_GATEWAY_WS_MAX_SUBSCRIPTIONS' },
      ),
    ];
  }
  // The same guard as over HTTP: graphql-js's recursive parser must never see what would overflow it.
  const tooDeep =
    documentNestingError(payload.query, options.maxDepth) ??
    (valueNestsDeeperThan(payload.variables, MAX_INPUT_DEPTH)
      ? `Input nesting limit of ${MAX_INPUT_DEPTH} exceeded in variables.`
      : undefined);
  if (tooDeep) return [new GatewayError(tooDeep, { code: ErrorCode.MAX_DEPTH })];
  let document: DocumentNode;
  try {
    document = parse(payload.query, { maxTokens: MAX_TOKENS });
  } catch (error) {
    if (error instanceof GraphQLError) return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
    throw error;
  }
  const invalid = validate(options.schema, document, [...specifiedRules, ...options.validationRules]);
  if (invalid.length > 0) {
    return invalid.map((error) =>
      error instanceof LimitRejection ? error : withCode(error, 'GRAPHQL_VALIDATION_FAILED'),
    );
  }
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) {
    const message = payload.operationName
      ? `Unknown operation named "${payload.operationName}".`
      : 'Must provide operation name if query contains multiple operations.';
    return [new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
  }
  observation.operationResolved(operation.name?.value ?? null, operation.operation);
  const refused = options.authorize(session, operation.operation);
  if (refused) return [refused];
  const context = options.contextFor(connectionOf(ctx), session, observation);
  const args: ExecutionArgs = {
    schema: options.schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables,
    contextValue: context,
  };
  contextOf.set(args, context);
  return args;
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

/** Answers an upgrade the gateway will not make with a plain HTTP error, and closes the socket. */
function refuseUpgrade(socket: Duplex, status: 404 | 503, message: string): void {
  const body = JSON.stringify({
    errors: [{ message, extensions: { code: status === 404 ? 'NOT_FOUND' : 'SERVICE_UNAVAILABLE' } }],
  });
  const reason = status === 404 ? 'Not Found' : 'Service Unavailable';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
