// The Node HTTP adapter: routes a request to GraphQL over HTTP (Apollo's
// executeHTTPGraphQLRequest), GraphiQL's assets, or the operations endpoints,
// and guards the door before anything is parsed as GraphQL: bodies over the
// limit get 413, simple cross-site POSTs and bodies that are not JSON get 400,
// and documents or JSON nested past the limits (nesting-guard.ts) get
// MAX_DEPTH. Every request but the operations endpoints is observed (an
// access-log line, metrics, a span for GraphQL) and carries an
// `x-request-id` back.
//
//   POST/GET /graphql   GraphQL over HTTP (Apollo; CSRF prevention in csrf.ts, no batching)
//   GET /graphql (html) GraphiQL, from the landing-page plugin
//   GET /graphiql/*     GraphiQL's bundled assets (no CDN: the machines are offline)
//   GET /, /catalog/assets/*   the catalog web app (src/catalog/; off: / redirects to /graphql)
//   GET /healthz, /readyz, /metrics   see health.ts (/metrics only without IMAGE_GATEWAY_METRICS_PORT)

import type http from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { CatalogRoute } from '../catalog/index.js';
import type { GatewayContext } from '../context-types.js';
import { ErrorCode } from '../errors.js';
import { serveGraphiqlAsset } from '../graphiql/index.js';
import type { Logger } from '../logger.js';
import type { RequestObservation } from '../observability/request.js';
import { RequestSecrets } from '../request-secrets.js';
import { CSRF_REFUSAL, mayBeCrossSiteForgery } from './csrf.js';
import { describeThrown, type Scrub } from './errors.js';
import { serveOperations, type OperationsEndpoints } from './health.js';
import { jsonNestsDeeperThan, MAX_INPUT_DEPTH } from './nesting-guard.js';
import { requestErrorStatus, responseMediaType } from './response-status.js';

export const GRAPHQL_PATH = '/graphql';

interface HttpAdapterOptions {
  apollo: ApolloServer<GatewayContext>;
  /**
   * The context of one GraphQL request, once its caller is authenticated;
   * a refusal is thrown as a GraphQLError (Apollo answers it, HTTP 401).
   * `secrets` is the request's own set, to add its credentials to;
   * `cancellation` is aborted when the client goes away before its answer.
   */
  contextFor(request: {
    headers: HeaderMap;
    secrets: RequestSecrets;
    observation: RequestObservation;
    cancellation: AbortController;
    clientAddress?: string;
  }): Promise<GatewayContext>;
  /** /healthz, /readyz and (unless on a port of its own) /metrics. */
  operations: OperationsEndpoints;
  /** The catalog web app's page and assets (IMAGE_GATEWAY_UI). */
  catalog: CatalogRoute;
  /** Starts observing a request to `path`; `graphql`: it is for the GraphQL endpoint. */
  observe(req: http.IncomingMessage, res: http.ServerResponse, path: string, graphql: boolean): RequestObservation;
  maxBodyBytes: number;
  /** Why a document is refused before Apollo parses it (the pipeline's first step), if it is. */
  nestingError(query: unknown): string | undefined;
  logger: Logger;
  scrub: Scrub;
}

/** The `request` listener of the gateway's HTTP server. */
export function createRequestListener(options: HttpAdapterOptions): http.RequestListener {
  const { logger, scrub } = options;
  return (req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      logger.error({ err: scrub(describeThrown(error)) }, 'request handler failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, 500, {
        errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
    });
  };
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, options: HttpAdapterOptions): Promise<void> {
  const url = targetOf(req.url);
  if (await serveOperations(url.pathname, req, res, options.operations)) return;
  const observation = options.observe(req, res, url.pathname, url.pathname === GRAPHQL_PATH);
  closeWhenDraining(res, options);
  if (url.pathname.startsWith('/graphiql/') && (req.method === 'GET' || req.method === 'HEAD')) {
    const asset = serveGraphiqlAsset(url.pathname, { acceptEncoding: req.headers['accept-encoding'] });
    if (asset) {
      res.writeHead(asset.status, asset.headers);
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return;
    }
  }
  if (options.catalog(url.pathname, req, res)) return;
  if (url.pathname === '/' && req.method === 'GET') {
    res.writeHead(302, { location: GRAPHQL_PATH });
    res.end();
    return;
  }
  if (url.pathname !== GRAPHQL_PATH) {
    sendJson(res, 404, { errors: [{ message: `Not found: use ${GRAPHQL_PATH}`, extensions: { code: 'NOT_FOUND' } }] });
    return;
  }
  await serveGraphQL(req, res, url, options, observation);
}

async function serveGraphQL(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: RequestTarget,
  options: HttpAdapterOptions,
  observation: RequestObservation,
): Promise<void> {
  // A request refused here, before Apollo runs it, still counts and logs its error code.
  const refused = (code: string) => observation.responded([code], false);
  const badRequest = (message: string) => {
    refused('BAD_REQUEST');
    sendJson(res, 400, { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  };
  // Observed before the 413 goes out: its access line is written when the response ends.
  const body = await readBody(req, res, options.maxBodyBytes, () => refused('PAYLOAD_TOO_LARGE'));
  if (body === undefined) return; // answered 413, or the client went away
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  if (mayBeCrossSiteForgery(method, (name) => headers.get(name))) return badRequest(CSRF_REFUSAL);
  const tooDeep = (message: string) => {
    refused(ErrorCode.MAX_DEPTH);
    refuseTooDeep(res, headers.get('accept'), message);
  };
  let parsedBody: unknown = undefined;
  if (body.length > 0) {
    const contentType = headers.get('content-type') ?? '';
    const text = body.toString('utf8');
    if (/^application\/(graphql-response\+)?json/i.test(contentType) || contentType === '') {
      // One level more than MAX_INPUT_DEPTH: the body's own object around variables and extensions.
      if (jsonNestsDeeperThan(text, MAX_INPUT_DEPTH + 1)) return tooDeep(JSON_TOO_DEEP);
      try {
        parsedBody = JSON.parse(text);
      } catch {
        return badRequest('The request body is not valid JSON');
      }
    } else {
      // Apollo refuses it (unsupported media type) with its own answer.
      parsedBody = text;
    }
  }
  const documents = method === 'GET' ? url.searchParams.getAll('query') : [queryOf(parsedBody)];
  for (const document of documents) {
    const error = options.nestingError(document);
    if (error) return tooDeep(error);
  }
  if (method === 'GET') {
    const json = [...url.searchParams.getAll('variables'), ...url.searchParams.getAll('extensions')];
    if (json.some((text) => jsonNestsDeeperThan(text, MAX_INPUT_DEPTH))) return tooDeep(JSON_TOO_DEEP);
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method,
    headers,
    search: url.search,
    body: parsedBody,
  };
  // The request's secrets: its credentials, its @writeOnly values; scrubbed from its answer and log lines.
  const secrets = new RequestSecrets();
  const cancellation = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) cancellation.abort(new Error('the client went away'));
  });
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: () =>
      options.contextFor({ headers, secrets, observation, cancellation, clientAddress: req.socket.remoteAddress }),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  closeWhenDraining(res, options); // the drain may have begun while it ran
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** What routing reads of a request's target: its path, and its query string (GET /graphql). */
type RequestTarget = Pick<URL, 'pathname' | 'search' | 'searchParams'>;

/** The bare GraphQL path, the target of nearly every POST: no URL to parse. Never mutated. */
const GRAPHQL_TARGET: RequestTarget = { pathname: GRAPHQL_PATH, search: '', searchParams: new URLSearchParams() };

/** The request's target; parsed (and normalized: dot segments, escapes) unless it is the bare GraphQL path. */
function targetOf(raw = '/'): RequestTarget {
  return raw === GRAPHQL_PATH ? GRAPHQL_TARGET : new URL(raw, 'http://gateway.invalid');
}

const JSON_TOO_DEEP = `Input nesting limit of ${MAX_INPUT_DEPTH} exceeded in variables or extensions (checked before parsing).`;

/** The `query` of a parsed POST body, when it has one. */
function queryOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'query' in body ? body.query : undefined;
}

/** Answers a nesting refusal as a GraphQL request error: 200 or 400 by the Accept header (response-status.ts). */
function refuseTooDeep(res: http.ServerResponse, accept: string | undefined, message: string): void {
  res.writeHead(requestErrorStatus(accept), { 'content-type': `${responseMediaType(accept)}; charset=utf-8` });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.MAX_DEPTH } }] }));
}

/** While draining, each answer closes its connection: the client's next request goes to another replica. */
function closeWhenDraining(res: http.ServerResponse, options: HttpAdapterOptions): void {
  if (options.operations.state() === 'draining') res.setHeader('connection', 'close');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * Most bytes of an oversized body read and discarded before its 413 is sent:
 * the answer is written once the client has sent its body, so that it reads
 * the answer instead of having its upload cut (a connection closed while the
 * client still writes is reset, and the client sees EPIPE or ECONNRESET, not
 * the 413). Past this, the answer goes out and the connection is closed.
 */
export function discardBound(limit: number): number {
  return Math.max(4 * limit, 8 * 1024 * 1024);
}

/**
 * Reads the body up to `limit` bytes. Undefined when there is none to serve:
 * past the limit (answered 413 once the rest is discarded, up to
 * `discardBound`, the connection closed after it), or the client gone before
 * the body was whole.
 */
function readBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limit: number,
  onTooLarge: () => void,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const bound = discardBound(limit);
    const tooLarge = () => {
      if (res.headersSent) return;
      onTooLarge();
      res.setHeader('connection', 'close');
      sendJson(res, 413, {
        errors: [{ message: `The request body exceeds ${limit} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
      });
      resolve(undefined);
    };
    const declared = Number(req.headers['content-length'] ?? 0);
    // A declared length past the bound will not be waited for: answered now, then cut.
    if (declared > bound) {
      req.resume();
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size > limit) {
        over = true;
        chunks.length = 0;
      }
      if (over) {
        if (size > bound) tooLarge(); // the rest is not waited for
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) tooLarge();
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      // The client hung up before its body was whole (or the receive timeout cut it): nothing to
      // answer and nothing broken here, so no error line; the access log records the request.
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET' || error.message === 'aborted') {
        resolve(undefined);
        return;
      }
      reject(error);
    });
  });
}
