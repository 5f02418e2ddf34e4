// graphql-ws's protocol server (`makeServer`, its documented core for any
// WebSocket implementation) on a `ws` WebSocketServer. It does what
// graphql-ws/use/ws does, with two differences that matter for a gateway
// open to anyone:
//
// - A message the protocol allows only from a server (`connection_ack`,
//   `next`, `error`) is the client's mistake. graphql-ws's core throws on
//   it, and use/ws then closes the socket with 4500 (internal error) and
//   prints a stack with console.error. Here the socket closes with 4400
//   (bad request), as for any other invalid message.
// - Failures go to the gateway's JSON log, never to the console: a client
//   must not be able to write multi-line text into the log stream.
//
// It also tells the gateway when a client stops an operation (`complete`)
// the moment the message arrives: graphql-ws only reports it once the
// operation has run to its end, too late to cancel a query's upstream calls.

import type http from 'node:http';
import { CloseCode, handleProtocols, makeServer, MessageType, type ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';
import { describeThrown, type Scrub } from './errors.js';

/** Sent by a server only: a client that sends one breaks the protocol. */
const SERVER_ONLY: ReadonlySet<unknown> = new Set([MessageType.ConnectionAck, MessageType.Next, MessageType.Error]);

/** How often an idle socket is pinged; one that does not pong within as long again is cut. */
const KEEP_ALIVE_MS = 12_000;

export interface GraphQLWsServer {
  /** Closes every socket with 1001 (going away) and the server; resolves once it is closed. */
  dispose(): Promise<void>;
}

export function serveGraphQLWs<P extends Record<string, unknown>>(
  options: ServerOptions<P, Extra>,
  sockets: WebSocketServer,
  logger: Logger,
  scrub: Scrub,
  /** A client sent `complete` for operation `id` of the connection whose extra is `extra`. */
  onClientComplete?: (extra: Extra, id: string) => void,
): GraphQLWsServer {
  const server = makeServer<P, Extra>(options);
  sockets.options.handleProtocols = handleProtocols;
  const failed = (socket: WebSocket, what: string, thrown: unknown) => {
    logger.error({ err: scrub(describeThrown(thrown)) }, what);
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };
  sockets.on('error', (error) => logger.error({ err: scrub(describeThrown(error)) }, 'websocket server error'));
  sockets.on('connection', (socket: WebSocket, request: http.IncomingMessage) => {
    socket.once('error', (error) => failed(socket, 'websocket error', error));
    const keepAlive = keepSocketAlive(socket);
    const extra: Extra = { socket, request };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            const text = textOf(data);
            const message = headerOf(text);
            if (SERVER_ONLY.has(message.type)) {
              socket.close(CloseCode.BadRequest, 'Invalid message received');
              return;
            }
            if (message.type === MessageType.Complete && typeof message.id === 'string') {
              onClientComplete?.(extra, message.id);
            }
            handle(text).catch((error: unknown) => failed(socket, 'websocket message handling failed', error));
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      keepAlive.stop();
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of sockets.clients) client.close(1001, 'Going away');
      sockets.removeAllListeners();
      await new Promise<void>((resolve, reject) => sockets.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A message's text (ws hands a Buffer, or its fragments). */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/** The `type` and `id` of a JSON message, when it is one (graphql-ws validates the rest). */
function headerOf(text: string): { type?: unknown; id?: unknown } {
  try {
    const message: unknown = JSON.parse(text);
    return typeof message === 'object' && message !== null ? message : {};
  } catch {
    return {};
  }
}

/** Pings the socket every KEEP_ALIVE_MS; cuts it when a pong does not come back within as long. */
function keepSocketAlive(socket: WebSocket): { stop(): void } {
  let pongWait: NodeJS.Timeout | undefined;
  const ping = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
    socket.once('pong', () => clearTimeout(pongWait));
    socket.ping();
  }, KEEP_ALIVE_MS);
  return {
    stop() {
      clearInterval(ping);
      clearTimeout(pongWait);
    },
  };
}
