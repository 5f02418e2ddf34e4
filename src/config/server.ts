// How the gateway's HTTP server treats its clients: Node's connection
// timeouts and header limit, introspection, production error hygiene, and
// whether the catalog web app is served at `/`.
// Read from the environment only.

import { intFromEnv, parseBoolean, type Env } from './env.js';
import { ConfigError } from './errors.js';

export interface ServerSettings {
  /** NODE_ENV=production: request errors name nothing of the schema the request did not write. */
  production: boolean;
  /** Whether `__schema` / `__type` are answered (GraphiQL's explorer needs them). */
  introspection: boolean;
  /** Whether the catalog web app is served at `/` (IMAGE_GATEWAY_UI; off: `/` redirects to GraphiQL). */
  ui: boolean;
  /** Longest wait for a request's complete headers, ms (Node's `headersTimeout`): slow-header clients are cut off. */
  headersTimeoutMs: number;
  /** Longest wait for a whole request, headers and body, ms (Node's `requestTimeout`); not the time to answer it. */
  receiveTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, ms (Node's `keepAliveTimeout`). */
  keepAliveTimeoutMs: number;
  /** Largest request head (request line and headers), bytes (Node's `maxHeaderSize`); past it, 431. */
  maxHeaderBytes: number;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  production: false,
  introspection: true,
  ui: true,
  // Node's own defaults are 60 s and 300 s: minutes of a connection held by a
  // client that sends a byte now and then.
  headersTimeoutMs: 10_000,
  // A 256 KiB body needs 30 s only below about 9 KB/s.
  receiveTimeoutMs: 30_000,
  // Node's default; behind a load balancer, set it above the balancer's idle timeout.
  keepAliveTimeoutMs: 5_000,
  // Twice Node's default: room for big IAM tokens, and for an oversized bearer
  // token (16 KB) to reach the auth check and be refused with 401, not 431.
  maxHeaderBytes: 32 * 1024,
};

export function serverSettingsFromEnv(env: Env): ServerSettings {
  const d = DEFAULT_SERVER_SETTINGS;
  const introspection = env.IMAGE_GATEWAY_INTROSPECTION;
  const ui = env.IMAGE_GATEWAY_UI;
  const settings: ServerSettings = {
    production: env.NODE_ENV === 'production',
    introspection:
      introspection === undefined || introspection === ''
        ? d.introspection
        : parseBoolean(introspection, 'IMAGE_GATEWAY_INTROSPECTION'),
    ui: ui === undefined || ui === '' ? d.ui : parseBoolean(ui, 'IMAGE_GATEWAY_UI'),
    headersTimeoutMs: intFromEnv(env, 'IMAGE_GATEWAY_HTTP_HEADERS_TIMEOUT_MS', d.headersTimeoutMs, 100, 600_000),
    receiveTimeoutMs: intFromEnv(env, 'IMAGE_GATEWAY_HTTP_RECEIVE_TIMEOUT_MS', d.receiveTimeoutMs, 100, 3_600_000),
    keepAliveTimeoutMs: intFromEnv(env, 'IMAGE_GATEWAY_HTTP_KEEP_ALIVE_TIMEOUT_MS', d.keepAliveTimeoutMs, 0, 600_000),
    maxHeaderBytes: intFromEnv(env, 'IMAGE_GATEWAY_HTTP_MAX_HEADER_BYTES', d.maxHeaderBytes, 1024, 1024 * 1024),
  };
  // Node refuses a headersTimeout longer than the requestTimeout that contains it.
  if (settings.headersTimeoutMs > settings.receiveTimeoutMs) {
    throw new ConfigError(
      `IMAGE_GATEWAY_HTTP_HEADERS_TIMEOUT_MS (${settings.headersTimeoutMs}) must not exceed IMAGE_GATEWAY_HTTP_RECEIVE_TIMEOUT_MS (${settings.receiveTimeoutMs})`,
    );
  }
  return settings;
}
