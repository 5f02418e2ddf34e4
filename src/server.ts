// The HTTP server: Apollo Server 5 behind Node's own http module.
//
//   POST/GET /graphql   GraphQL over HTTP (Apollo: CSRF prevention, no batching)
//   GET /graphql (html) self-hosted GraphiQL, preloaded with every source's examples
//   GET /graphiql/*     GraphiQL's bundled assets (no CDN: the machines are offline)
//   GET /healthz        liveness, and which sources are configured
//
// Abuse is stopped before execution: bodies over the limit get 413, bodies that
// are not JSON get 400, and graphql-armor bounds depth, aliases, cost, tokens
// and directives during validation. Errors reach clients through formatError,
// which hides internal failures and scrubs every configured secret.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayConfig, SourceAuth } from './config.js';
import { createContext, SourceRegistry, type GatewayContext } from './context.js';
import { ErrorCode } from './errors.js';
import { allExamples } from './examples.js';
import { graphiqlLandingPagePlugin, serveGraphiqlAsset } from './graphiql/index.js';
import type { Logger } from './logger.js';
import { buildResolvers } from './resolvers.js';
import { SOURCES } from './sources/index.js';
import type { SourceModule } from './sources/types.js';

export const GRAPHQL_PATH = '/graphql';
/** Most lexical tokens in one GraphQL document. */
const MAX_TOKENS = 10_000;

/** The project root: where package.json and schema/ are, from source or from dist/. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (package.json)');
    dir = parent;
  }
  return dir;
}

/** The SDL files in schema/, core first. */
export function loadTypeDefs(): string[] {
  const dir = path.join(projectRoot(), 'schema');
  const files = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort((a, b) => (a === 'core.graphql' ? -1 : b === 'core.graphql' ? 1 : a.localeCompare(b)));
  return files.map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** Every secret value in the configuration, longest first (scrubbed from any error text). */
function secretsOf(config: GatewayConfig): string[] {
  const values = config.sources.flatMap(({ auth }: { auth: SourceAuth }) => {
    switch (auth.type) {
      case 'aksk':
        return [auth.ak, auth.sk, auth.securityToken];
      case 'token':
        return [auth.token];
      case 'keystone':
        return [auth.password];
      case 'alibaba':
        return [auth.accessKeyId, auth.accessKeySecret, auth.securityToken];
      case 'none':
        return [];
    }
  });
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
}

export function scrubber(secrets: readonly string[]): (text: string) => string {
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

export interface Gateway {
  /** http://host:port/graphql */
  url: string;
  server: http.Server;
  sources: SourceRegistry;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  logger: Logger;
  /** The registered source modules (tests may pass a subset). */
  sources?: readonly SourceModule[];
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions): Promise<Gateway> {
  const { logger } = options;
  const modules = options.sources ?? SOURCES;
  const registry = new SourceRegistry(
    config.sources.map((instanceConfig) => {
      const module = modules.find((m) => m.provider === instanceConfig.provider);
      if (!module) throw new Error(`no source module for provider ${instanceConfig.provider}`);
      return { module, instance: module.createInstance(instanceConfig, { logger }) };
    }),
  );
  const scrub = scrubber(secretsOf(config));
  const httpServer = http.createServer();
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: 100 },
    costLimit: {
      maxCost: config.limits.maxFields,
      objectCost: 1,
      scalarCost: 1,
      depthCostFactor: 1,
      ignoreIntrospection: true,
    },
    // Token limit: graphql-js's own (parseOptions below). Armor's parses the
    // document again in a parsingDidStart hook, where Apollo treats any throw,
    // a plain syntax error included, as an unexpected failure: HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: false },
  }).protect();

  const apollo = new ApolloServer<GatewayContext>({
    typeDefs: loadTypeDefs(),
    resolvers: buildResolvers(modules, config.limits) as never,
    introspection: true,
    // main.ts owns SIGINT/SIGTERM: Apollo's own handler would stop the server
    // and re-raise the signal into ours, which then waits forever.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Over the limit → 400 GRAPHQL_PARSE_FAILED, like any syntax error.
    parseOptions: { maxTokens: MAX_TOKENS },
    includeStacktraceInErrorResponses: false,
    validationRules: armor.validationRules,
    plugins: [
      // graphql-armor is typed against Apollo's CJS build; the plugins are the same objects.
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        // Errors a resolver reported beside its data (a failing source in `images`).
        async requestDidStart() {
          return {
            async willSendResponse({ response, contextValue }) {
              const extra = contextValue.extraErrors;
              if (extra.length === 0 || response.body.kind !== 'single') return;
              const scrubbed = extra.map((e) => JSON.parse(scrub(JSON.stringify(e))) as GraphQLFormattedError);
              response.body.singleResult.errors = [...(response.body.singleResult.errors ?? []), ...scrubbed];
            },
          };
        },
      },
      graphiqlLandingPagePlugin({
        endpoint: GRAPHQL_PATH,
        assetsBase: '/graphiql/',
        title: 'image-gateway',
        examples: allExamples(modules, config.sources),
      }),
    ],
    formatError: (formatted, error) => formatGraphQLError(formatted, error, scrub, logger),
    logger: {
      debug: (message) => logger.debug(scrub(String(message))),
      info: (message) => logger.info(scrub(String(message))),
      warn: (message) => logger.warn(scrub(String(message))),
      error: (message) => logger.error(scrub(String(message))),
    },
  });
  await apollo.start();

  httpServer.on('request', (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: scrub(String((error as Error)?.stack ?? error)) }, 'request handler failed');
      if (!res.headersSent)
        sendJson(res, 500, {
          errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (url.pathname === '/healthz') {
      sendJson(res, 200, {
        status: 'ok',
        sandbox: config.sandbox,
        sources: registry.configs().map((c) => ({ provider: c.provider, name: c.name, region: c.region })),
      });
      return;
    }
    if (url.pathname.startsWith('/graphiql/') && (req.method === 'GET' || req.method === 'HEAD')) {
      const asset = serveGraphiqlAsset(url.pathname, { acceptEncoding: req.headers['accept-encoding'] });
      if (asset) {
        res.writeHead(asset.status, asset.headers);
        res.end(req.method === 'HEAD' ? undefined : asset.body);
        return;
      }
    }
    if (url.pathname === '/' && req.method === 'GET') {
      res.writeHead(302, { location: GRAPHQL_PATH });
      res.end();
      return;
    }
    if (url.pathname !== GRAPHQL_PATH) {
      sendJson(res, 404, {
        errors: [{ message: `Not found: use ${GRAPHQL_PATH}`, extensions: { code: 'NOT_FOUND' } }],
      });
      return;
    }

    const body = await readBody(req, res, config.limits.maxBodyBytes);
    if (body === undefined) return; // answered already (413)
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let parsedBody: unknown = undefined;
    if (body.length > 0) {
      const contentType = headers.get('content-type') ?? '';
      if (/^application\/(graphql-response\+)?json/i.test(contentType) || contentType === '') {
        try {
          parsedBody = JSON.parse(body.toString('utf8'));
        } catch {
          sendJson(res, 400, {
            errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
          });
          return;
        }
      } else {
        parsedBody = body.toString('utf8');
      }
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body: parsedBody,
    };
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => createContext(registry, logger, headers.get('x-request-id') ?? undefined),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}${GRAPHQL_PATH}`,
    server: httpServer,
    sources: registry,
    async stop() {
      await apollo.stop();
      await registry.close();
    },
  };
}

/**
 * What clients see of an error. Gateway errors keep their message and
 * extensions; GraphQL's own (parse, validation, variables) pass through;
 * anything else is a bug and is hidden behind INTERNAL_SERVER_ERROR. Every
 * message is scrubbed of configured secrets.
 */
function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  scrub: (text: string) => string,
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
  const extensions = formatted.extensions
    ? (JSON.parse(scrub(JSON.stringify(formatted.extensions))) as Record<string, unknown>)
    : undefined;
  return { ...formatted, message: scrub(formatted.message), extensions };
}

/** A thrown value as text for a log line: its stack when it has one. */
function describeThrown(thrown: unknown): string {
  return thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Reads the body up to `limit` bytes; answers 413 (and closes the connection) past it, returning undefined. */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => {
      res.setHeader('connection', 'close');
      sendJson(res, 413, {
        errors: [{ message: `The request body exceeds ${limit} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
      });
      resolve(undefined);
    };
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume(); // discard; the connection closes after the answer
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
