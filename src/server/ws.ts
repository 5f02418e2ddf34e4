// GraphQL over WebSocket: graphql-ws (protocol `graphql-transport-ws`) on the
// gateway's own http.Server, on the GraphQL path only: the WebSocket adapter
// of the operation pipeline (./operation.ts). Every operation goes through
// the same steps as over HTTP (limits, write-only values, validation, scope,
// error formatting and scrubbing); what is this file's own is the framing:
// admission on `connection_init`, operations per connection, their
// lifetimes, and the close codes. Subscriptions are what it is for; queries
// and mutations work too. Each operation is observed like an HTTP request
// (one access-log line and the request metrics when it ends:
// ../observability/telemetry.ts).
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
  GraphQLError,
  OperationTypeNode,
  type ExecutionArgs,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
} from 'graphql';
import { CloseCode, type Context, type SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Caller } from '../auth/index.js';
import type { GatewayContext } from '../context-types.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { OperationObservation } from '../observability/telemetry.js';
import type { RequestObservation } from '../observability/request.js';
import type { RequestSecrets } from '../request-secrets.js';
import { describeThrown, type Scrub } from './errors.js';
import { GRAPHQL_PATH } from './http.js';
import { errorCodesOf, type OperationPipeline } from './operation.js';
import { serveGraphQLWs } from './ws-transport.js';

/** What the gateway knows of a WebSocket connection: when it is initialised, and for each operation on it. */
export interface WebSocketConnection {
  /** The HTTP upgrade request (its headers, its remote address). */
  request: http.IncomingMessage;
  /** The `connection_init` payload; GraphiQL sends its headers editor's contents here. */
  params: Readonly<Record<string, unknown>>;
}

/** What admission decided for a connection: the caller its operations run as, or why it is refused. */
export type Admission = { admitted: true; caller: Caller } | { admitted: false; code: number; reason: string };

export interface WebSocketOptions {
  httpServer: http.Server;
  /** The steps every operation goes through, as over HTTP. */
  pipeline: OperationPipeline;
  /**
   * The one place a connection is admitted, when its `connection_init`
   * arrives (client authentication: the payload carries what HTTP sends as
   * headers). A refusal closes the socket with its code and reason.
   */
  admit(connection: WebSocketConnection): Promise<Admission>;
  /** Refuses one operation past its caller's rate limit (src/rate-limit/), or lets it. */
  limit?(connection: WebSocketConnection, caller: Caller): Promise<GraphQLError | undefined>;
  /** Starts observing one operation of an admitted connection (its log line and metrics). */
  observeOperation(connection: WebSocketConnection, caller: Caller): OperationObservation;
  /**
   * The context of one operation, like an HTTP request's, observed by
   * `observation`, with its secrets; `cancellation` is aborted when the client
   * stops the operation (a `complete` message, the socket closed) first.
   */
  contextFor(
    connection: WebSocketConnection,
    caller: Caller,
    observation: RequestObservation,
    secrets: RequestSecrets,
    cancellation: AbortController,
  ): GatewayContext;
  /** A new set of the secrets of a connection's caller, for one operation (which adds its own). */
  secretsOf(caller: Caller): RequestSecrets;
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
  /** Its caller's credentials and its own @writeOnly values, scrubbed from all it sends. */
  secrets: RequestSecrets;
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
  /** Its context, once it runs: ended with it (its deadline timer released). */
  context?: GatewayContext;
  /** Aborted when the client stops it before it ends: its upstream calls stop, as over HTTP. */
  cancellation: AbortController;
}

/** Serves GraphQL over WebSocket on `options.httpServer`, path /graphql. */
export function serveGraphQLOverWebSocket(options: WebSocketOptions): GraphQLWebSockets {
  const { httpServer, logger, pipeline } = options;
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
    record.context?.end();
    record.watch.observation.responded(record.errorCodes, record.hasData);
    record.watch.end(cancelled && !record.failed);
  };
  const recordErrors = (record: OperationRecord | undefined, errors: readonly GraphQLFormattedError[] | undefined) => {
    if (!record || !errors) return;
    record.errorCodes.push(...errorCodesOf(errors.slice(0, MAX_ERROR_CODES - record.errorCodes.length)));
  };
  /** The secrets to scrub from what is sent for an operation: its own, else its connection caller's. */
  const secretsFor = (ctx: ConnectionContext, record: OperationRecord | undefined): RequestSecrets | undefined => {
    if (record) return record.secrets;
    const caller = admittedSockets.get(ctx.extra)?.caller;
    return caller && options.secretsOf(caller);
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
      schema: pipeline.schema,
      onConnect: async (ctx) => {
        try {
          const admission = await options.admit(connectionOf(ctx));
          logger.debug({ admitted: admission.admitted }, 'websocket connection initialised');
          if (!admission.admitted) {
            // A close reason holds at most 123 bytes.
            ctx.extra.socket.close(admission.code, Buffer.from(admission.reason).subarray(0, 120).toString());
            return false;
          }
          admittedSockets.set(ctx.extra, { caller: admission.caller, ctx });
          open.add(ctx);
          return true;
        } catch (thrown) {
          logger.error({ err: options.scrub(describeThrown(thrown)) }, 'websocket admission failed');
          return false;
        }
      },
      onSubscribe: async (ctx, id, payload) => {
        // An id is free again only once its operation has ended here too: graphql-ws forgets it
        // when the client sends `complete`, while the operation may still be finishing, and a new
        // one under the same id would be answered, and ended, by the old one.
        if (operationsOf(ctx).has(id)) {
          ctx.extra.socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
          // Forgotten, so that graphql-ws sends no error for it, which the old operation's record would take.
          delete ctx.subscriptions[id];
          return [new GraphQLError(`Subscriber for ${id} already exists`)];
        }
        /** Refuses the operation; one the client already stopped gets no error message, so it ends here. */
        const refuse = (errors: readonly GraphQLError[]): readonly GraphQLError[] => {
          if (!(id in ctx.subscriptions)) ended(ctx, id, true);
          return errors;
        };
        try {
          const caller = admittedSockets.get(ctx.extra)?.caller;
          if (!caller) throw new Error('an operation on a connection that was not admitted');
          const watch = options.observeOperation(connectionOf(ctx), caller);
          watch.observation.graphqlStarted();
          const record: OperationRecord = {
            watch,
            secrets: options.secretsOf(caller),
            running: false,
            subscription: false,
            errorCodes: [],
            hasData: false,
            failed: false,
            cancellation: new AbortController(),
          };
          operationsOf(ctx).set(id, record);
          const limited = await options.limit?.(connectionOf(ctx), caller);
          if (limited) return refuse([limited]);
          const prepared = prepareOperation(ctx, caller, payload, record, options);
          if (Array.isArray(prepared)) return refuse(prepared);
          record.running = true;
          // prepareOperation resolved the operation: its type is on the observation.
          record.subscription = watch.observation.graphql?.operationType === OperationTypeNode.SUBSCRIPTION;
          return prepared;
        } catch (thrown) {
          logger.error({ err: options.scrub(describeThrown(thrown)) }, 'websocket operation failed to start');
          return refuse([
            new GraphQLError('Internal server error', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }),
          ]);
        }
      },
      onNext: (ctx, id, payload, args, result) => {
        const record = operationsOf(ctx).get(id);
        if (record && result.data !== undefined && result.data !== null) record.hasData = true;
        const context = contextOf.get(args);
        const secrets = secretsFor(ctx, record);
        // Nothing to format, add or scrub: sent as it is.
        if (!result.errors && !context?.extraErrors.length && !secrets?.size) return undefined;
        const formatted: FormattedExecutionResult = result.errors
          ? { ...result, errors: result.errors.map((error) => pipeline.formatError(error.toJSON(), error)) }
          : { ...result, errors: undefined };
        const answer = secrets ? pipeline.respond(formatted, payload, secrets, context?.extraErrors) : formatted;
        recordErrors(record, answer.errors);
        return answer;
      },
      onError: (ctx, id, payload, errors) => {
        const record = operationsOf(ctx).get(id);
        const formatted = { errors: errors.map((error) => pipeline.formatError(error.toJSON(), error)) };
        const secrets = secretsFor(ctx, record);
        const answer = secrets ? pipeline.respond(formatted, payload, secrets) : formatted;
        recordErrors(record, answer.errors);
        if (record) record.failed = true;
        // A refused operation ends here; one that ran ends with onComplete, which follows.
        if (record && !record.running) ended(ctx, id, false);
        return answer.errors;
      },
      // After the last result, or once the client stopped it (its id is then gone from ctx.subscriptions).
      onComplete: (ctx, id) => ended(ctx, id, !(id in ctx.subscriptions)),
      onClose: (ctx, code) => {
        open.delete(ctx);
        // What still runs has nobody to answer: its upstream calls stop.
        for (const record of operationsOf(ctx).values()) record.cancellation.abort(new Error('the client went away'));
        logger.debug({ code }, 'websocket connection closed');
      },
    },
    sockets,
    logger,
    options.scrub,
    (extra, id) => {
      const connection = admittedSockets.get(extra);
      if (connection) {
        operationsOf(connection.ctx).get(id)?.cancellation.abort(new Error('the client stopped the operation'));
      }
    },
  );

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
// and, per socket, its admitted connection: the caller it runs as, and the
// connection's context, where a `complete` message finds its operation.
const contextOf = new WeakMap<ExecutionArgs, GatewayContext>();
const admittedSockets = new WeakMap<Extra, { caller: Caller; ctx: ConnectionContext }>();

function connectionOf(ctx: ConnectionContext): WebSocketConnection {
  return { request: ctx.extra.request, params: ctx.connectionParams ?? {} };
}

/**
 * What graphql-ws executes for one `subscribe` message: the operation as the
 * pipeline prepared and admitted it, and a fresh context; or the errors that
 * refuse it (sent as that operation's `error` message).
 */
function prepareOperation(
  ctx: ConnectionContext,
  caller: Caller,
  payload: SubscribePayload,
  record: OperationRecord,
  options: WebSocketOptions,
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
  const { pipeline } = options;
  const prepared = pipeline.prepare(payload, record.secrets);
  if (Array.isArray(prepared)) return prepared;
  const { observation } = record.watch;
  const refused = pipeline.admit(prepared.operation, caller, 'websocket', observation);
  if (refused) return [refused];
  const invalid = pipeline.coerceVariables(prepared.operation, payload.variables);
  if (invalid) return invalid;
  const context = options.contextFor(connectionOf(ctx), caller, observation, record.secrets, record.cancellation);
  const args: ExecutionArgs = {
    schema: pipeline.schema,
    document: prepared.document,
    operationName: payload.operationName,
    variableValues: payload.variables,
    contextValue: context,
  };
  contextOf.set(args, context);
  record.context = context;
  return args;
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
