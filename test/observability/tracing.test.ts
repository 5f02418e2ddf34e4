// Traces: with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a small OTLP/HTTP
// receiver on loopback (the exporter sends JSON), a query that fans out to the
// three sources is one SERVER span, continuing the incoming `traceparent`,
// with one CLIENT span per upstream attempt under it: exactly the attempts the
// emulators recorded, each with its provider, operation, status and attempt.

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { startOperationSpan, startTracing, tracingWanted, type Tracing } from '../../src/observability/tracing.js';
import { EHPC_SEED, IMS_SEED_IDS, MODELARTS_SEED, SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: OtlpValue }>;
  status?: { code?: number };
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;

interface Receiver {
  url: string;
  spans: OtlpSpan[];
  /** Every resource's `service.name` seen. */
  services: Set<string>;
  close(): Promise<void>;
}

/** An OTLP/HTTP collector on loopback that keeps every span posted to /v1/traces. */
async function startReceiver(): Promise<Receiver> {
  const spans: OtlpSpan[] = [];
  const services = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || !/json/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{
          resource: { attributes: OtlpSpan['attributes'] };
          scopeSpans: Array<{ spans: OtlpSpan[] }>;
        }>;
      };
      for (const resource of body.resourceSpans) {
        const name = resource.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
        if (name) services.add(name);
        for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    services,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function attribute(span: OtlpSpan, key: string): string | number | boolean | undefined {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.boolValue;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const MA_ID = MODELARTS_SEED.imageIds.docDetails;
const THREE_SOURCES = `query ThreeSources {
  modelArtsImage(id: "${MA_ID}") { name }
  imsImage(id: "${IMS_SEED_IDS.ubuntu2204}") { name }
  ehpcImage(imageId: "${EHPC_SEED.documentedVm}") { name }
}`;

describe('tracing is off unless an OTLP endpoint is configured', () => {
  it.each<[Record<string, string>, boolean]>([
    [{}, false],
    [{ OTEL_SERVICE_NAME: 'gw' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
  ])('%j → %s', (env, wanted) => {
    expect(tracingWanted(env)).toBe(wanted);
    if (!wanted) expect(startTracing(env)).toBeUndefined();
  });
});

describe('spans over OTLP/HTTP', () => {
  let receiver: Receiver;
  let tracing: Tracing;
  let gw: TestGateway;

  beforeAll(async () => {
    receiver = await startReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.url);
    vi.stubEnv('OTEL_SERVICE_NAME', 'image-gateway-under-test');
    tracing = startTracing()!;
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.stop();
    await tracing.shutdown();
    await receiver.close();
    vi.unstubAllEnvs();
  });
  beforeEach(() => {
    gw.sandbox.resetCalls();
    receiver.spans.length = 0;
  });

  /** The spans of one trace, once the SDK has exported them. */
  async function trace(traceId: string): Promise<OtlpSpan[]> {
    await tracing.flush();
    return receiver.spans.filter((span) => span.traceId === traceId);
  }

  it("a query over the three sources: one operation span under the caller's, one child per upstream attempt", async () => {
    const traceId = hex(16);
    const callerSpanId = hex(8);
    const result = await gw.query(THREE_SOURCES, undefined, { traceparent: `00-${traceId}-${callerSpanId}-01` });
    expect(result.body.errors).toBeUndefined();
    const spans = await trace(traceId);

    const servers = spans.filter((span) => span.kind === SPAN_KIND_SERVER);
    expect(servers).toHaveLength(1);
    const [operation] = servers;
    expect(operation).toMatchObject({ name: 'query ThreeSources', parentSpanId: callerSpanId });
    expect(attribute(operation, 'graphql.operation.name')).toBe('ThreeSources');
    expect(attribute(operation, 'graphql.operation.type')).toBe('query');
    expect(attribute(operation, 'http.response.status_code')).toBe(200);
    expect(operation.status?.code).not.toBe(STATUS_ERROR);
    expect(receiver.services).toContain('image-gateway-under-test');

    const children = spans.filter((span) => span.kind === SPAN_KIND_CLIENT);
    expect(spans).toHaveLength(1 + children.length);
    for (const child of children) {
      expect(child.parentSpanId).toBe(operation.spanId);
      expect(BigInt(child.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(operation.startTimeUnixNano));
      expect(BigInt(child.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(operation.endTimeUnixNano));
    }
    const seen = children
      .map((span) =>
        ['upstream.provider', 'upstream.attempt', 'http.response.status_code'].map((key) => attribute(span, key)),
      )
      .sort();
    const recorded = [
      ...gw.sandbox.modelarts.calls().map((call) => ['MODELARTS', 1, call.status]),
      ...gw.sandbox.ims.calls().map((call) => ['IMS', 1, call.status]),
      ...gw.sandbox.ehpc.calls().map((call) => ['EHPC', 1, call.status]),
    ].sort();
    expect(seen).toEqual(recorded);
    expect(seen.map(([provider]) => provider)).toEqual(['EHPC', 'IMS', 'MODELARTS']);
    const modelArts = children.find((span) => attribute(span, 'upstream.provider') === 'MODELARTS')!;
    expect(modelArts.name).toBe('MODELARTS ShowImage');
    expect(attribute(modelArts, 'upstream.operation')).toBe('ShowImage');
    expect(attribute(modelArts, 'upstream.instance')).toBe('modelarts:cn-north-4');
    expect(attribute(modelArts, 'http.request.method')).toBe('GET');
    // The span and the access log name the same trace.
    const access = gw.logs.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
    expect(access.at(-1)).toMatchObject({ operationName: 'ThreeSources', traceId });
  });

  it('a retried call: one span per attempt, the failed one marked as an error', async () => {
    const path = `/v1/${SANDBOX_HUAWEI.projectId}/images/${MA_ID}`;
    gw.sandbox.modelarts.injectFault({ pathPrefix: path, status: 503, body: { error_code: 'ModelArts.0001' } });
    const traceId = hex(16);
    await gw.query(`query Retried { modelArtsImage(id: "${MA_ID}") { name } }`, undefined, {
      traceparent: `00-${traceId}-${hex(8)}-01`,
    });
    const attempts = (await trace(traceId))
      .filter((span) => span.kind === SPAN_KIND_CLIENT)
      .sort((a, b) => Number(attribute(a, 'upstream.attempt')) - Number(attribute(b, 'upstream.attempt')));
    expect(
      attempts.map((span) => [attribute(span, 'upstream.attempt'), attribute(span, 'http.response.status_code')]),
    ).toEqual([
      [1, 503],
      [2, 200],
    ]);
    expect(attempts.map((span) => span.status?.code === STATUS_ERROR)).toEqual([true, false]);
    expect(attribute(attempts[1], 'http.request.resend_count')).toBe(1);
    expect(gw.sandbox.modelarts.calls()).toHaveLength(2);
  });

  it('no traceparent: a new trace, rooted at the operation span; an error response marks it', async () => {
    const before = new Set(receiver.spans.map((span) => span.traceId));
    await gw.query('query Broken {');
    await tracing.flush();
    const roots = receiver.spans.filter((span) => !before.has(span.traceId) && span.kind === SPAN_KIND_SERVER);
    expect(roots).toHaveLength(1);
    expect(roots[0].parentSpanId ?? '').toBe('');
    expect(roots[0].name).toBe('POST /graphql'); // never resolved to an operation
    expect(roots[0].status?.code).toBe(STATUS_ERROR);
  });
});

describe("a request's span", () => {
  it('is not made while no tracer provider is registered, and is with one registered by anyone', async () => {
    expect(startOperationSpan({}, 'POST', '/graphql')).toBeUndefined();
    // A provider the operator preloads (auto-instrumentation, say), not startTracing's.
    const provider = new NodeTracerProvider();
    provider.register();
    try {
      expect(startOperationSpan({}, 'POST', '/graphql')?.span.isRecording()).toBe(true);
    } finally {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    }
    expect(startOperationSpan({}, 'POST', '/graphql')).toBeUndefined();
  });
});
