// The gateway's Prometheus metrics (prom-client), served as text at /metrics
// or on IMAGE_GATEWAY_METRICS_PORT.
//
// Each gateway has its own Registry, so several gateways in one process (the
// test suite) count apart; the default process metrics (CPU, memory, event
// loop, GC) describe the process, not a gateway, and are collected once per
// process into a registry of their own that every scrape appends.
//
// Labels are bounded and carry no ids, tokens or secrets: operation names are
// the one label a client chooses, so they are checked against GraphQL's name
// syntax, scrubbed of configured secrets, and the first MAX_OPERATION_NAMES
// distinct ones are kept, every later one folding into `__other__`. Every
// other label comes from the gateway's own code or configuration (provider,
// instance name, upstream operation, error code, loader name).

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState, UpstreamObserver } from '../upstream/index.js';

/** Distinct operation names a gateway labels by; later ones are counted as `__other__`. */
export const MAX_OPERATION_NAMES = 100;

/** The operation label of a request whose document named none, of one whose operation is unknown, and past the cap. */
export const OPERATION_LABEL = { anonymous: '__anonymous__', unknown: '__unknown__', other: '__other__' } as const;

/** How a GraphQL request ended: no errors, data with errors, errors only, or the client went away first. */
export type RequestOutcome = 'success' | 'partial' | 'error' | 'cancelled';

/** One GraphQL request, as it ended. */
export interface GraphQLRequestSample {
  /** The operation's name; null when anonymous, undefined when never resolved (a document that failed to parse). */
  operationName: string | null | undefined;
  /** `query`, `mutation`, `subscription`; undefined when never resolved. */
  operationType: string | undefined;
  outcome: RequestOutcome;
  durationMs: number;
  /** `extensions.code` of every error in the response. */
  errorCodes: readonly string[];
}

/** One upstream client's breaker, as readiness and metrics report it. */
export interface BreakerReading {
  provider: string;
  instance: string;
  state: BreakerState;
}

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly requests: Counter<'operation' | 'type' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation' | 'type' | 'outcome'>;
  private readonly errors: Counter<'code'>;
  private readonly upstreamRequests: Counter<'provider' | 'instance' | 'operation' | 'status'>;
  private readonly upstreamSeconds: Histogram<'provider' | 'instance' | 'operation'>;
  private readonly retries: Counter<'provider' | 'instance' | 'operation' | 'reason'>;
  private readonly rateLimitWaits: Histogram<'provider' | 'instance'>;
  private readonly rateLimitRefusals: Counter<'provider' | 'instance'>;
  private readonly batchSizes: Histogram<'loader'>;

  /**
   * `secretFree(text)` is false for a text holding a configured secret;
   * `breakers()` reads every upstream client's breaker at scrape time;
   * `inFlight()` counts the HTTP requests being served.
   */
  constructor(
    private readonly secretFree: (text: string) => boolean,
    breakers: () => readonly BreakerReading[],
    inFlight: () => number,
  ) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'image_gateway_graphql_requests_total',
      help: 'GraphQL requests, by operation name, operation type and outcome (success, partial, error, cancelled).',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'image_gateway_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to the end of its response.',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: SECONDS,
      registers,
    });
    this.errors = new Counter({
      name: 'image_gateway_graphql_errors_total',
      help: 'Errors in GraphQL responses, by extensions.code.',
      labelNames: ['code'],
      registers,
    });
    this.upstreamRequests = new Counter({
      name: 'image_gateway_upstream_requests_total',
      help:
        'Upstream attempts (a retry is another), by provider, source instance, operation and HTTP status ' +
        '(or timeout, unreachable, aborted, oversized; circuit_open: refused by the breaker, nothing sent).',
      labelNames: ['provider', 'instance', 'operation', 'status'],
      registers,
    });
    this.upstreamSeconds = new Histogram({
      name: 'image_gateway_upstream_request_duration_seconds',
      help: 'Time of one upstream attempt, from sending to the whole body read (attempts the breaker refused are left out).',
      labelNames: ['provider', 'instance', 'operation'],
      buckets: SECONDS,
      registers,
    });
    this.retries = new Counter({
      name: 'image_gateway_upstream_retries_total',
      help: 'Upstream retries scheduled, by reason (status, retry-after, unreachable, unauthorized).',
      labelNames: ['provider', 'instance', 'operation', 'reason'],
      registers,
    });
    this.rateLimitWaits = new Histogram({
      name: 'image_gateway_upstream_rate_limit_wait_seconds',
      help:
        "Upstream attempts that waited for a slot of their source instance's rate limit (IMAGE_GATEWAY_UPSTREAM_RATE_LIMIT), " +
        'by how long (attempts whose slot was free at once are left out).',
      labelNames: ['provider', 'instance'],
      buckets: SECONDS,
      registers,
    });
    this.rateLimitRefusals = new Counter({
      name: 'image_gateway_upstream_rate_limit_refusals_total',
      help: "Upstream attempts refused by their source instance's rate limit: no slot within the call's deadline, nothing sent.",
      labelNames: ['provider', 'instance'],
      registers,
    });
    new Gauge({
      name: 'image_gateway_upstream_circuit_breaker_state',
      help:
        "Each source instance's circuit breaker: 1 for its current state (closed, half-open, open), 0 for the others " +
        '(with IMAGE_GATEWAY_WORKERS: 1 for each state some worker is in).',
      labelNames: ['provider', 'instance', 'state'],
      // Workers' scrapes are aggregated (cluster-metrics.ts): a state is 1 when any worker's breaker is in it.
      aggregator: 'max',
      registers,
      collect() {
        this.reset();
        for (const breaker of breakers()) {
          for (const state of BREAKER_STATES) {
            this.set(
              { provider: breaker.provider, instance: breaker.instance, state },
              breaker.state === state ? 1 : 0,
            );
          }
        }
      },
    });
    this.batchSizes = new Histogram({
      name: 'image_gateway_dataloader_batch_size',
      help: 'Keys in each batch a DataLoader dispatched, by loader.',
      labelNames: ['loader'],
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers,
    });
    new Gauge({
      name: 'image_gateway_http_requests_in_flight',
      help: 'HTTP requests being served (probes and scrapes left out).',
      registers,
      collect() {
        this.set(inFlight());
      },
    });
    sharedProcessRegistry();
  }

  /** Counts one GraphQL request. */
  graphqlRequest(sample: GraphQLRequestSample): void {
    const labels = {
      operation: this.operationLabel(sample.operationName),
      type: sample.operationType ?? 'unknown',
      outcome: sample.outcome,
    };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, sample.durationMs / 1000);
    for (const code of sample.errorCodes) this.errors.inc({ code: ERROR_CODE.test(code) ? code : 'OTHER' });
  }

  /** The upstream client's observer that counts attempts, their durations, retries, and the rate limit's waits and refusals. */
  readonly upstreamObserver: UpstreamObserver = {
    attemptFinished: (info) => {
      const where = { provider: info.provider, instance: info.instance, operation: info.operation ?? 'unknown' };
      const status = info.outcome === 'response' ? String(info.status) : info.outcome.replace('-', '_');
      this.upstreamRequests.inc({ ...where, status });
      if (info.outcome !== 'circuit-open') this.upstreamSeconds.observe(where, info.durationMs / 1000);
    },
    retryScheduled: (info) => {
      this.retries.inc({
        provider: info.provider,
        instance: info.instance,
        operation: info.operation ?? 'unknown',
        reason: info.reason,
      });
    },
    paced: (info) => {
      const where = { provider: info.provider, instance: info.instance };
      switch (info.outcome) {
        case 'waited':
          this.rateLimitWaits.observe(where, info.waitMs / 1000);
          break;
        case 'refused':
          this.rateLimitRefusals.inc(where);
          break;
      }
    },
  };

  /** Records the size of one DataLoader batch (see batches.ts). */
  readonly batchDispatched = (loader: string, size: number): void => {
    this.batchSizes.observe({ loader }, size);
  };

  /**
   * Adds `image_gateway_active_subscriptions`, read from `count` at every
   * scrape: what the subscriptions transport calls once it is serving.
   */
  trackActiveSubscriptions(count: () => number): void {
    if (this.registry.getSingleMetric('image_gateway_active_subscriptions')) {
      throw new Error('active subscriptions are already tracked');
    }
    new Gauge({
      name: 'image_gateway_active_subscriptions',
      help: 'GraphQL subscriptions open now.',
      registers: [this.registry],
      collect() {
        this.set(count());
      },
    });
  }

  /** What an exposition reads: this gateway's registry, then the process's (cluster-metrics.ts aggregates both). */
  registries(): Registry[] {
    return [this.registry, sharedProcessRegistry()];
  }

  /** The Prometheus text exposition: this gateway's metrics, then the process's. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const [own, shared] = await Promise.all([this.registry.metrics(), sharedProcessRegistry().metrics()]);
    return { contentType: this.registry.contentType, body: own + shared };
  }

  // Private: the one client-chosen label.

  private operationLabel(name: string | null | undefined): string {
    if (name === undefined) return OPERATION_LABEL.unknown;
    if (name === null) return OPERATION_LABEL.anonymous;
    if (this.operationNames.has(name)) return name;
    if (!GRAPHQL_NAME.test(name) || name.length > 128 || !this.secretFree(name)) return OPERATION_LABEL.other;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return OPERATION_LABEL.other;
    this.operationNames.add(name);
    return name;
  }
}

// Private: the process's default metrics, collected once whatever the number of gateways.
let processRegistry: Registry | undefined;
function sharedProcessRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
