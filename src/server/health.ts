// The operations endpoints, served on the main port and, when
// IMAGE_GATEWAY_METRICS_PORT is set, on a port of their own (metrics-server.ts):
//
//   GET /healthz   liveness: 200 while the process serves HTTP at all, and which sources are configured
//   GET /readyz    readiness: 200 while serving, 503 while starting or draining; each source's breaker
//   GET /metrics   Prometheus text (only where it is served: its own port when set, else the main one)
//
// Readiness does not fail when an upstream's breaker is open: every replica
// shares that upstream, and taking them all out of the load balancer would
// turn one failing source into a failing gateway. The breakers are reported
// for people and dashboards to read.

import type http from 'node:http';
import type { SourceBreaker } from '../observability/telemetry.js';
import type { ServingState } from './drain.js';

export interface OperationsEndpoints {
  /** What `/healthz` answers. */
  health(): unknown;
  state(): ServingState;
  breakers(): SourceBreaker[];
  /** The Prometheus exposition; absent where `/metrics` is not served. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

/** What `/readyz` answers. */
export function readiness(state: ServingState, breakers: readonly SourceBreaker[]): { status: number; body: unknown } {
  return {
    status: state === 'serving' ? 200 : 503,
    body: {
      status: state === 'serving' ? 'ready' : state,
      sources: breakers.map(({ provider, instance, region, state: breaker }) => ({
        name: instance,
        provider,
        region,
        breaker,
      })),
    },
  };
}

/** Answers an operations path; false for any other path. */
export async function serveOperations(
  pathname: string,
  res: http.ServerResponse,
  endpoints: OperationsEndpoints,
): Promise<boolean> {
  switch (pathname) {
    case '/healthz':
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify(endpoints.health()));
      return true;
    case '/readyz': {
      const { status, body } = readiness(endpoints.state(), endpoints.breakers());
      send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
      return true;
    }
    case '/metrics': {
      if (!endpoints.metrics) return false;
      const { contentType, body } = await endpoints.metrics();
      send(res, 200, contentType, body);
      return true;
    }
    default:
      return false;
  }
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}
