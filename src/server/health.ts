// The operations endpoints, served on the main port and, when
// IMAGE_GATEWAY_METRICS_PORT is set, on a port of their own (metrics-server.ts):
//
//   GET /healthz   liveness: 200 while the process serves HTTP at all, and which sources are configured
//   GET /readyz    readiness: 200 while serving, 503 while starting or draining; each source's breaker
//   GET /metrics   Prometheus text (only where it is served: its own port when set, else the main one)
//
// With client authentication on, the main port names no source instance to a
// caller it does not know (an instance may be a tenant's: README, Tenants):
// /readyz gives its status alone, and /metrics (its labels name instances)
// asks for a credential as GraphQL does. The metrics port, which an operator
// keeps inside the cluster, shows everything.
//
// Readiness does not fail when an upstream's breaker is open: every replica
// shares that upstream, and taking them all out of the load balancer would
// turn one failing source into a failing gateway. The breakers are reported
// for people and dashboards to read.

import type http from 'node:http';
import type { SourceBreaker } from '../observability/telemetry.js';
import type { StateHealth } from '../state/index.js';
import type { ServingState } from './drain.js';

export interface OperationsEndpoints {
  /** What `/healthz` answers. */
  health(): unknown;
  state(): ServingState;
  /** Each source instance's breaker; undefined where the instances are not named. */
  breakers(): SourceBreaker[] | undefined;
  /** The shared state's store and whether it answers (src/state/); absent: not reported. */
  sharedState?: () => StateHealth;
  /** The Prometheus exposition; absent where `/metrics` is not served. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** Refuses a scrape that brings no valid credential (its answer), where one is asked for. */
  refuseScrape?: (headers: http.IncomingHttpHeaders) => Promise<RefusedScrape | undefined>;
}

/** The answer to a scrape without a valid credential. */
export interface RefusedScrape {
  status: number;
  challenge: string;
  message: string;
  code: string;
}

/** What `/readyz` answers. */
export function readiness(
  state: ServingState,
  breakers: readonly SourceBreaker[] | undefined,
  sharedState?: StateHealth,
): { status: number; body: unknown } {
  return {
    status: state === 'serving' ? 200 : 503,
    body: {
      status: state === 'serving' ? 'ready' : state,
      sources: breakers?.map(({ provider, instance, region, state: breaker }) => ({
        name: instance,
        provider,
        region,
        breaker,
      })),
      // Redis away is not unreadiness: every replica shares it, and each serves on in-process state meanwhile.
      state: sharedState && { store: sharedState.store, status: sharedState.up ? 'up' : 'degraded' },
    },
  };
}

/** Answers an operations path; false for any other path. */
export async function serveOperations(
  pathname: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  endpoints: OperationsEndpoints,
): Promise<boolean> {
  switch (pathname) {
    case '/healthz':
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify(endpoints.health()));
      return true;
    case '/readyz': {
      const { status, body } = readiness(endpoints.state(), endpoints.breakers(), endpoints.sharedState?.());
      send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
      return true;
    }
    case '/metrics': {
      if (!endpoints.metrics) return false;
      const refused = await endpoints.refuseScrape?.(req.headers);
      if (refused) {
        const body = JSON.stringify({ errors: [{ message: refused.message, extensions: { code: refused.code } }] });
        send(res, refused.status, 'application/json; charset=utf-8', body, { 'www-authenticate': refused.challenge });
        return true;
      }
      const { contentType, body } = await endpoints.metrics();
      send(res, 200, contentType, body);
      return true;
    }
    default:
      return false;
  }
}

function send(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}
