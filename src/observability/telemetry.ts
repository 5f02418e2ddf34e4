// A gateway's telemetry, one per running gateway: its metrics, how it watches
// its upstream clients (metrics, attempt spans, breaker states for readiness),
// and the observation of each HTTP request, from its arrival to the end of its
// response, where the access-log line, the request metrics and the end of its
// span are written, once. An operation on a GraphQL WebSocket is observed the
// same way, from its `subscribe` message to its end.

import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import type { SourceInstanceConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { UpstreamClient, UpstreamObserver, UpstreamWatch } from '../upstream/index.js';
import { writeAccessLog } from './access-log.js';
import { GatewayMetrics, type BreakerReading, type RequestOutcome } from './metrics.js';
import { RequestObservation, type GraphQLPart } from './request.js';
import { startOperationSpan, upstreamSpans } from './tracing.js';

/** A source instance's breaker, as readiness reports it. */
export interface SourceBreaker extends BreakerReading {
  region: string;
}

/** An incoming x-request-id is kept when it is 1–128 visible ASCII characters; otherwise a new one is made. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** The status logged for a request whose client went away before its answer was sent (nginx's). */
const CLIENT_CLOSED_REQUEST = 499;

/** The status logged for an operation on a WebSocket: that of the upgrade it runs on (Switching Protocols). */
const SWITCHING_PROTOCOLS = 101;

/** One operation on a GraphQL WebSocket, observed: `end` writes its log line and metrics, once. */
export interface OperationObservation {
  observation: RequestObservation;
  /** `cancelled`: the client stopped it (a `complete` message, the socket closed) before it ended by itself. */
  end(cancelled: boolean): void;
}

export class GatewayTelemetry {
  readonly metrics: GatewayMetrics;
  readonly upstream: UpstreamWatch;
  private readonly clients: Array<{ config: SourceInstanceConfig; client: UpstreamClient }> = [];
  private inFlight = 0;

  constructor(
    private readonly logger: Logger,
    private readonly scrub: (text: string) => string,
  ) {
    this.metrics = new GatewayMetrics(
      (text) => scrub(text) === text,
      () => this.breakers(),
      () => this.inFlight,
    );
    this.upstream = {
      observer: guarded([this.metrics.upstreamObserver, upstreamSpans, this.breakerLog()], logger),
      clientBuilt: (config, client) => void this.clients.push({ config, client }),
    };
  }

  /** Every upstream client's breaker, in configuration order. */
  breakers(): SourceBreaker[] {
    return this.clients.map(({ config, client }) => ({
      provider: config.provider,
      instance: config.name,
      region: config.region,
      state: client.breakerState(),
    }));
  }

  /**
   * Starts observing one HTTP request to `path` (without its query string);
   * it ends by itself when the response does. Keeps an incoming `x-request-id` (or makes one) and echoes it.
   * `graphql`: the request is for the GraphQL endpoint (it gets a span, and
   * counts as a GraphQL request even when refused before Apollo runs it).
   */
  observe(req: http.IncomingMessage, res: http.ServerResponse, path: string, graphql: boolean): RequestObservation {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    const method = req.method ?? 'GET';
    const span = graphql ? startOperationSpan(req.headers, method, path) : undefined;
    const observation = new RequestObservation(requestId, span);
    this.inFlight += 1;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
      const answered = res.writableFinished;
      this.requestEnded(observation, {
        method,
        path,
        status: answered ? res.statusCode : CLIENT_CLOSED_REQUEST,
        graphql,
      });
    };
    res.once('finish', end);
    res.once('close', end);
    return observation;
  }

  /**
   * Starts observing one operation on a GraphQL WebSocket whose upgrade was
   * `upgrade`. Its log line is the access log's, with `transport: websocket`,
   * the upgrade's method and path and status 101; its duration is how long
   * the operation ran (a subscription: how long it was open); its upstream
   * calls are its own (a subscription's polls are its shared poller's).
   */
  observeWebSocketOperation(upgrade: http.IncomingMessage): OperationObservation {
    const observation = new RequestObservation();
    const path = new URL(upgrade.url ?? '/', 'http://gateway.invalid').pathname;
    let ended = false;
    return {
      observation,
      end: (cancelled) => {
        if (ended) return;
        ended = true;
        const status = cancelled ? CLIENT_CLOSED_REQUEST : SWITCHING_PROTOCOLS;
        this.requestEnded(observation, { method: upgrade.method ?? 'GET', path, status, graphql: true }, 'websocket');
      },
    };
  }

  // Private: a request's end, and the breaker log.

  private requestEnded(
    observation: RequestObservation,
    http: { method: string; path: string; status: number; graphql: boolean },
    transport?: 'websocket',
  ): void {
    const durationMs = performance.now() - observation.startedAt;
    const part = observation.graphql;
    // A request to the endpoint that Apollo refused before running it (a body that is not JSON,
    // a missing query) is a GraphQL request that failed; GraphiQL's page is not one.
    const isGraphQL = part !== undefined || (http.graphql && http.status >= 400);
    const outcome = isGraphQL ? outcomeOf(part, http.status) : undefined;
    if (outcome) {
      this.metrics.graphqlRequest({
        operationName: part?.operationName,
        operationType: part?.operationType,
        outcome,
        durationMs,
        errorCodes: part?.errorCodes ?? [],
      });
    }
    const span = observation.span?.span;
    const traceId = span?.isRecording() ? span.spanContext().traceId : undefined;
    writeAccessLog(
      this.logger,
      {
        requestId: observation.requestId,
        transport,
        method: http.method,
        path: http.path,
        status: http.status,
        durationMs,
        upstreamCalls: observation.upstreamCalls,
        operationName: part?.operationName,
        operationType: part?.operationType,
        outcome,
        errorCodes: part?.errorCodes,
        caller: observation.caller,
        traceId,
      },
      this.scrub,
    );
    if (span) {
      span.setAttributes({ 'http.response.status_code': http.status, 'upstream.calls': observation.upstreamCalls });
      if (outcome && outcome !== 'success') {
        const codes = [...new Set(part?.errorCodes ?? [])].join(', ');
        span.setStatus({ code: SpanStatusCode.ERROR, message: codes || `HTTP ${http.status}` });
      }
      span.end();
    }
  }

  /** Logs every breaker change: opening is what an operator wants to hear of. */
  private breakerLog(): UpstreamObserver {
    return {
      breakerChanged: ({ provider, instance, state }) => {
        const line = { provider, instance, breaker: state };
        if (state === 'open') this.logger.warn(line, 'upstream circuit breaker opened: calls fail fast for a while');
        else this.logger.info(line, `upstream circuit breaker ${state}`);
      },
    };
  }
}

function outcomeOf(part: GraphQLPart | undefined, status: number): RequestOutcome {
  if (status === CLIENT_CLOSED_REQUEST) return 'cancelled';
  if (!part) return 'error'; // refused before Apollo ran it
  if (part.errorCodes.length === 0) return status >= 400 ? 'error' : 'success';
  return part.hasData ? 'partial' : 'error';
}

/** Several observers as one; one that throws is logged, and never fails the call it observes. */
function guarded(observers: readonly UpstreamObserver[], logger: Logger): UpstreamObserver {
  const each = (call: (observer: UpstreamObserver) => void) => {
    for (const observer of observers) {
      try {
        call(observer);
      } catch (error) {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'upstream observer failed');
      }
    }
  };
  return {
    attemptFinished: (info, scope) => each((o) => o.attemptFinished?.(info, scope)),
    retryScheduled: (info, scope) => each((o) => o.retryScheduled?.(info, scope)),
    paced: (info, scope) => each((o) => o.paced?.(info, scope)),
    breakerChanged: (change) => each((o) => o.breakerChanged?.(change)),
  };
}
