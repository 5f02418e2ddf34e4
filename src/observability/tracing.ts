// Traces (OpenTelemetry): one SERVER span per GraphQL request, named for its
// operation once that is known (`query Images`), continuing the caller's W3C
// `traceparent`; under it one CLIENT span per upstream attempt, with its
// provider, instance, operation, HTTP status and attempt number.
//
// Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set: then
// `startTracing` registers the SDK's tracer provider with an OTLP/HTTP (JSON)
// exporter, and the SDK reads the other standard variables itself
// (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER[_ARG],
// OTEL_EXPORTER_OTLP_HEADERS, OTEL_BSP_*). Until then the API's tracer is a
// no-op and nothing is sent anywhere.
//
// The trace context travels explicitly: the operation span's context is put in
// the request's CallScope (context.ts), and the upstream observer below parents
// each attempt's span on the scope it is given. Nothing relies on async
// context propagation through DataLoader batches and p-limit queues.
//
// An attempt's span is made when the attempt has ended (the observer hears of
// it then), backdated to when it was sent.

import {
  propagation,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from '../config/index.js';
import type { UpstreamObserver } from '../upstream/index.js';

const TRACER_NAME = 'image-gateway';

/** Tracing as started by `startTracing`. */
export interface Tracing {
  /** Exports what is buffered now. */
  flush(): Promise<void>;
  /** Exports what is buffered and stops; waits at most `timeoutMs`. */
  shutdown(timeoutMs?: number): Promise<void>;
}

/** True when the environment asks for traces (an OTLP endpoint, and the SDK not disabled). */
export function tracingWanted(env: Env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Registers the OpenTelemetry SDK for this process when `env` asks for it
 * (see tracingWanted); undefined when it does not. Call it before the gateway
 * starts. The SDK reads its settings from process.env.
 */
export function startTracing(env: Env = process.env): Tracing | undefined {
  if (!tracingWanted(env)) return undefined;
  const resource = defaultResource()
    .merge(resourceFromAttributes({ 'service.name': TRACER_NAME }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The W3C trace-context and baggage propagators, and an AsyncLocalStorage context manager.
  provider.register();
  return {
    flush: () => provider.forceFlush(),
    async shutdown(timeoutMs = 5_000) {
      // A collector that does not answer must not hold the process past its drain.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs).unref()));
      await Promise.race([provider.shutdown().catch(() => undefined), late]);
      clearTimeout(timer);
      trace.disable();
      propagation.disable();
    },
  };
}

/** The span of one GraphQL request and the context its children start from. */
export interface OperationSpan {
  span: Span;
  /** The context holding `span`: what the request's CallScope carries. */
  context: Context;
}

/** What the global tracer provider delegates to while nobody registered one. */
const NO_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether a tracer provider is registered (startTracing's, or one an
 * operator preloads): without one, every span is OpenTelemetry's no-op, and a
 * request would still pay for extracting a context, starting a span and
 * wrapping it in a context.
 */
function tracing(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_PROVIDER;
}

/**
 * Starts a request's span (renamed for its operation once known), continuing
 * the trace of an incoming `traceparent`; undefined while tracing is off.
 */
export function startOperationSpan(
  headers: IncomingHttpHeaders,
  method: string,
  path: string,
): OperationSpan | undefined {
  if (!tracing()) return undefined;
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = trace
    .getTracer(TRACER_NAME)
    .startSpan(`${method} ${path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** The attempts' spans: each a child of the span in its scope's trace context. */
export const upstreamSpans: UpstreamObserver = {
  attemptFinished(info, scope) {
    if (!scope.traceContext || !trace.getSpan(scope.traceContext)?.isRecording()) return;
    const endTime = performance.timeOrigin + performance.now();
    const span = trace.getTracer(TRACER_NAME).startSpan(
      `${info.provider} ${info.operation ?? info.method}`,
      {
        kind: SpanKind.CLIENT,
        startTime: endTime - info.durationMs,
        attributes: {
          'upstream.provider': info.provider,
          'upstream.instance': info.instance,
          'upstream.operation': info.operation ?? 'unknown',
          'upstream.attempt': info.attempt,
          'upstream.outcome': info.outcome,
          'http.request.method': info.method,
          ...(info.outcome === 'response' ? { 'http.response.status_code': info.status } : {}),
          ...(info.attempt > 1 ? { 'http.request.resend_count': info.attempt - 1 } : {}),
        },
      },
      scope.traceContext,
    );
    // As the breaker sees it: no answer, or a 5xx. A 4xx is about the request (a 404 is an image that is not there).
    const failed = info.outcome !== 'response' || info.status >= 500;
    if (failed)
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: info.outcome === 'response' ? `HTTP ${info.status}` : info.outcome,
      });
    span.end(endTime);
  },
};
