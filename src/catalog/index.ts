/**
 * The catalog web app, server side: the page at `/` and its assets under
 * `/catalog/assets/`. The browser code is in `./app/`, built by Vite
 * (`scripts/build-catalog.mjs`, part of `npm run build`) into `dist/catalog/`:
 * `index.html` plus content-hashed scripts and styles. Nothing is loaded from
 * a CDN; the page talks to `/graphql` on its own origin only (HTTP and
 * graphql-ws), which its Content-Security-Policy enforces.
 *
 * The HTML is Vite's, with one addition: a `<script type="application/json"
 * id="catalog-config">` naming the client-auth methods the gateway accepts, so
 * the sign-in form asks for what works here (an API key, a bearer token). That
 * is what a 401 refusal says anyway; no key, issuer or tenant is in it.
 *
 * Wiring (src/server/http.ts): `catalogRoute(pathname, req, res)` answers
 * and returns true, or returns false and the adapter goes on.
 */
import type http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ClientAuthMethod } from '../config/index.js';
import { createGraphiqlAssetHandler, jsonForScriptTag, type GraphiqlAssetHandler } from '../graphiql/index.js';
import { projectRoot } from '../project.js';

/** What the browser app reads from `#catalog-config`. */
export interface CatalogPageConfig {
  /** Where operations go (HTTP POST and graphql-ws), relative to the page. */
  endpoint: string;
  /** Client-auth methods on (IMAGE_GATEWAY_AUTH); empty: the gateway is open. */
  auth: readonly ClientAuthMethod[];
}

/** Where Vite puts the built app's scripts and styles, as the page asks for them. */
export const CATALOG_ASSETS_PATH = '/catalog/assets/';

/** Vite's `[hash]`: 8 characters of base64url before the extension. */
const VITE_HASHED_NAME = /-[A-Za-z0-9_-]{8}\./;

/**
 * No inline script or style, nothing from another origin; `connect-src 'self'`
 * covers the page's own ws:// origin too (CSP Level 3).
 */
export const CATALOG_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Absolute path of the built app (`<root>/dist/catalog`). */
export function catalogBuildDir(): string {
  return path.join(projectRoot(), 'dist', 'catalog');
}

/** Answers a request for the catalog and returns true, or returns false (not the catalog's). */
export type CatalogRoute = (pathname: string, req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/**
 * The catalog's routes: GET/HEAD `/` (the page) and `/catalog/assets/<file>`.
 * Off (`enabled: false`, IMAGE_GATEWAY_UI=false), it claims nothing: the
 * adapter's own answers stand (`/` redirects to GraphiQL, assets are 404).
 */
export function createCatalogRoute(options: {
  enabled: boolean;
  config: CatalogPageConfig;
  /** The built app (default dist/catalog). */
  dir?: string;
}): CatalogRoute {
  if (!options.enabled) return () => false;
  const dir = options.dir ?? catalogBuildDir();
  const assets = createGraphiqlAssetHandler(path.join(dir, 'assets'), VITE_HASHED_NAME);
  const page = pageRenderer(dir, options.config);
  return (pathname, req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (pathname === '/') {
      const html = page();
      res.writeHead(html ? 200 : 503, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy': CATALOG_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
      res.end(req.method === 'HEAD' ? undefined : (html ?? NOT_BUILT));
      return true;
    }
    if (!pathname.startsWith(CATALOG_ASSETS_PATH)) return false;
    const asset = serveAsset(assets, pathname.slice(CATALOG_ASSETS_PATH.length), req);
    if (!asset) return false;
    res.writeHead(asset.status, asset.headers);
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return true;
  };
}

const NOT_BUILT =
  '<!doctype html><title>image-gateway</title><p>The catalog is not built: run <code>npm run build</code>. ' +
  'GraphiQL is at <a href="/graphql">/graphql</a>.</p>';

function serveAsset(assets: GraphiqlAssetHandler, name: string, req: http.IncomingMessage) {
  // The handler takes flat names only: a nested or encoded path is not an asset.
  if (name.includes('/')) return undefined;
  return assets(name, { acceptEncoding: req.headers['accept-encoding'] });
}

/**
 * Vite's index.html with the page config added, re-read when the build
 * changes it (a rebuilt app shows without a restart); undefined when the app
 * is not built.
 */
function pageRenderer(dir: string, config: CatalogPageConfig): () => string | undefined {
  const file = path.join(dir, 'index.html');
  let cached: { mtimeMs: number; html: string } | undefined;
  return () => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: withConfig(readFileSync(file, 'utf8'), config) };
    return cached.html;
  };
}

/** Puts the config in the head, as JSON that cannot close its script tag. */
export function withConfig(html: string, config: CatalogPageConfig): string {
  const tag = `<script type="application/json" id="catalog-config">${jsonForScriptTag(config)}</script>\n`;
  return html.includes('</head>') ? html.replace('</head>', `${tag}</head>`) : tag + html;
}
