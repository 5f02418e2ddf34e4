/**
 * Self-hosted GraphiQL: the HTML page, its static assets and an Apollo
 * landing-page plugin. The browser bundle itself lives in `./client/` and is
 * built by `scripts/build-graphiql.mjs` into `dist/graphiql/` (content-hashed
 * file names listed in `dist/graphiql/manifest.json`). Nothing is loaded from a
 * CDN: the page works on a machine without internet.
 *
 * Wiring (see server.ts):
 *   - plugins: [graphiqlLandingPagePlugin({ endpoint: '/graphql', assetsBase: '/graphiql/', examples })]
 *     serves the page for browser GETs on the GraphQL endpoint;
 *   - GET /graphiql/<file> → serveGraphiqlAsset(url.pathname, { acceptEncoding })
 *     (undefined → 404).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project.js';

export interface GraphiqlExample {
  /** Shown as a `# name` comment on top of the tab. */
  name: string;
  /** A GraphQL document; name its operation so the tab gets a title. */
  document: string;
  variables?: Record<string, unknown>;
}

interface GraphiqlPageOptions {
  /**
   * Where GraphiQL POSTs operations, e.g. `/graphql` (relative to the page, or
   * absolute); subscriptions go over WebSocket to the same URL, ws(s)://.
   */
  endpoint: string;
  /** URL prefix the assets are served under, e.g. `/graphiql/` (same origin: workers must be). */
  assetsBase: string;
  title?: string;
  /** One tab per example; the first one is open and prefilled. */
  examples: GraphiqlExample[];
  /** The endpoint wants a token: the page says how to send one (the Headers tab), and prefills its header. */
  authRequired?: boolean;
}

/** What the browser bundle reads from `<script type="application/json" id="graphiql-config">`. */
interface GraphiqlPageConfig {
  endpoint: string;
  title: string;
  examples: GraphiqlExample[];
  /** When the endpoint wants a token: the note on top of every tab, and the Headers tab's text. */
  auth?: { note: string; headers: string };
}

/** How a person sends a token from GraphiQL; every example tab starts with it when auth is on. */
export const GRAPHIQL_AUTH_NOTE = [
  '# This gateway needs a token. Open the Headers tab (below the editor) and send it as',
  '#   {"Authorization": "Bearer <your token>"}     (or {"X-API-Key": "<your key>"} where API keys are on)',
  '# and, for sources that use your own cloud credentials, add "X-Auth-Token": "<your cloud token>".',
].join('\n');

/** The Headers tab's text when auth is on: the header to fill in. */
const GRAPHIQL_AUTH_HEADERS = '{\n  "Authorization": "Bearer "\n}';

export interface GraphiqlAsset {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface GraphiqlManifest {
  script: string;
  stylesheet: string;
  workers: Record<string, string>;
}

const DEFAULT_TITLE = 'image-gateway · GraphiQL';

// ---------------------------------------------------------------------------
// locating dist/graphiql

/** Absolute path of the built GraphiQL assets (`<root>/dist/graphiql`). */
export function graphiqlAssetsDir(): string {
  return path.join(projectRoot(), 'dist', 'graphiql');
}

let manifestCache: { mtimeMs: number; manifest: GraphiqlManifest } | undefined;

/**
 * The build's manifest, or undefined when `npm run build` has not run (the
 * page then renders but its assets 404; the server still starts).
 */
function readGraphiqlManifest(): GraphiqlManifest | undefined {
  const file = path.join(graphiqlAssetsDir(), 'manifest.json');
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  if (manifestCache?.mtimeMs !== mtimeMs) {
    manifestCache = { mtimeMs, manifest: JSON.parse(readFileSync(file, 'utf8')) as GraphiqlManifest };
  }
  return manifestCache.manifest;
}

// ---------------------------------------------------------------------------
// the page

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** For double-quoted attribute values (keeps the CSP's `'self'` readable). */
function escapeAttribute(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that is safe inside `<script type="application/json">`: no `<` (so no
 * `</script>` or `<!--`), no `>`/`&`, no U+2028/U+2029. JSON.parse reads the
 * `\uXXXX` escapes back to the same characters.
 */
export function jsonForScriptTag(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function originOf(url: string): string | undefined {
  // Relative URLs are same-origin; only absolute http(s) URLs add a source.
  if (!/^https?:\/\//i.test(url)) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The ws(s):// twin of an http(s) origin, where subscriptions go. */
function webSocketOriginOf(origin: string | undefined): string | undefined {
  return origin?.replace(/^http/i, 'ws');
}

function contentSecurityPolicy(endpoint: string, assetsBase: string): string {
  const assets = ["'self'", originOf(assetsBase)].filter(Boolean).join(' ');
  // 'self' covers the page's own ws(s):// origin (CSP Level 3).
  const connect = ["'self'", originOf(endpoint), webSocketOriginOf(originOf(endpoint))].filter(Boolean).join(' ');
  return [
    "default-src 'none'",
    `script-src ${assets}`,
    // Monaco and GraphiQL set inline styles and inject <style> elements.
    `style-src ${assets} 'unsafe-inline'`,
    `font-src ${assets} data:`,
    `img-src ${assets} data:`,
    `worker-src ${assets}`,
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The GraphiQL page. It has no inline script: the configuration travels as
 * JSON in a `<script type="application/json">` tag that the bundle parses, and
 * a CSP `<meta>` allows scripts, styles, fonts and workers from the assets'
 * origin only.
 */
export function renderGraphiqlHtml(options: GraphiqlPageOptions): string {
  const assetsBase = options.assetsBase.endsWith('/') ? options.assetsBase : `${options.assetsBase}/`;
  const title = options.title ?? DEFAULT_TITLE;
  const manifest = readGraphiqlManifest();
  const script = manifest?.script ?? 'graphiql.js';
  const stylesheet = manifest?.stylesheet ?? 'graphiql.css';
  const config: GraphiqlPageConfig = {
    endpoint: options.endpoint,
    title,
    examples: options.examples.map(({ name, document, variables }) => ({
      name,
      document,
      ...(variables === undefined ? {} : { variables }),
    })),
    ...(options.authRequired ? { auth: { note: GRAPHIQL_AUTH_NOTE, headers: GRAPHIQL_AUTH_HEADERS } } : {}),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(options.endpoint, assetsBase))}">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeAttribute(assetsBase + stylesheet)}">
<style>html,body,#graphiql{height:100%;margin:0}</style>
<script type="application/json" id="graphiql-config">${jsonForScriptTag(config)}</script>
<script type="module" src="${escapeAttribute(assetsBase + script)}"></script>
</head>
<body>
<div id="graphiql"><noscript>GraphiQL needs JavaScript. POST GraphQL requests to ${escapeHtml(options.endpoint)}${options.authRequired ? ' with an Authorization: Bearer &lt;token&gt; header' : ''}.</noscript></div>
</body>
</html>
`;
}

/**
 * Apollo Server plugin that serves the GraphiQL page for browser GETs on the
 * GraphQL endpoint (it replaces Apollo's default landing page, which loads
 * from a CDN). The HTML is rendered per request, so a rebuilt bundle shows up
 * without a restart.
 */
export function graphiqlLandingPagePlugin(options: GraphiqlPageOptions): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: async () => renderGraphiqlHtml(options) };
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// the assets

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Files worth a precompressed `.gz` sibling (the build writes them). */
const COMPRESSIBLE = new Set(['.js', '.css', '.json', '.map', '.txt', '.svg', '.ttf']);

/** esbuild's `[hash]`: 8 characters of upper-case base32, before the first dot. */
const HASHED_NAME = /-[A-Z2-7]{8}(\.|$)/;

/** A flat file name: no separators, no dot segments, nothing encoded. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/;

const fileCache = new Map<string, { mtimeMs: number; size: number; body: Buffer }>();

/** A regular file's bytes (symlinks are refused: they could point anywhere). */
function readCached(file: string): Buffer | undefined {
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  const hit = fileCache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.body;
  const body = readFileSync(file);
  fileCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, body });
  return body;
}

export type GraphiqlAssetHandler = (
  pathname: string,
  options?: { acceptEncoding?: string },
) => GraphiqlAsset | undefined;

/**
 * A handler serving the flat directory `dir` (tests use a temporary one;
 * `serveGraphiqlAsset` uses `dist/graphiql/`). See serveGraphiqlAsset.
 * `hashedName` says which names carry a content hash (cached for a year):
 * esbuild's by default; the catalog passes Vite's.
 */
export function createGraphiqlAssetHandler(dir: string, hashedName: RegExp = HASHED_NAME): GraphiqlAssetHandler {
  const root = path.resolve(dir);
  return (pathname, options = {}) => {
    let name = pathname.replace(/[?#].*$/s, '');
    if (name.startsWith('/graphiql/')) name = name.slice('/graphiql/'.length);
    else if (name.startsWith('/')) name = name.slice(1);
    try {
      name = decodeURIComponent(name);
    } catch {
      return undefined;
    }
    if (!SAFE_NAME.test(name) || name.includes('..')) return undefined;
    const ext = path.extname(name).toLowerCase();
    const contentType = CONTENT_TYPES[ext];
    if (!contentType) return undefined;
    const file = path.join(root, name);
    if (path.dirname(file) !== root) return undefined;
    const body = readCached(file);
    if (!body) return undefined;

    const headers: Record<string, string> = {
      'content-type': contentType,
      'cache-control': hashedName.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (COMPRESSIBLE.has(ext)) {
      headers.vary = 'accept-encoding';
      if (acceptsGzip(options.acceptEncoding)) {
        const gz = readCached(`${file}.gz`);
        if (gz) {
          headers['content-encoding'] = 'gzip';
          headers['content-length'] = String(gz.length);
          return { status: 200, headers, body: gz };
        }
      }
    }
    headers['content-length'] = String(body.length);
    return { status: 200, headers, body };
  };
}

let distHandler: { dir: string; handler: GraphiqlAssetHandler } | undefined;

/**
 * Serves a file from `dist/graphiql/`. `pathname` is the request's URL path,
 * with or without the `/graphiql/` prefix (`/graphiql/graphiql-ABCD1234.js`,
 * `/graphiql-ABCD1234.js` and `graphiql-ABCD1234.js` are the same file).
 * Returns undefined (→ 404) for anything that is not a plain file name of a
 * known type present in that directory: `..`, `%2e%2e`, encoded or literal
 * slashes and backslashes, absolute paths, sub-directories, unknown types.
 * Hashed names are cached for a year (`immutable`); others revalidate. When
 * `acceptEncoding` (the request's Accept-Encoding) allows gzip and the build
 * wrote a `.gz` sibling, that is sent with `content-encoding: gzip`.
 */
export function serveGraphiqlAsset(
  pathname: string,
  options: { acceptEncoding?: string } = {},
): GraphiqlAsset | undefined {
  const dir = graphiqlAssetsDir();
  if (distHandler?.dir !== dir) distHandler = { dir, handler: createGraphiqlAssetHandler(dir) };
  return distHandler.handler(pathname, options);
}

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
