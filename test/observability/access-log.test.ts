// The access log: exactly one JSON line per request, with its request id (an
// incoming x-request-id kept and echoed, else a new one), operation, status,
// duration, upstream attempts (as the emulators counted them) and outcome;
// never a token, a key, a secret or a variable's value. Probes and scrapes
// are not logged.

import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessLogLine } from '../../src/observability/access-log.js';
import { IMS_SEED_IDS, MODELARTS_SEED, SANDBOX_ALIBABA, SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { moved, scrape } from '../support/prometheus.js';

const MA_ID = MODELARTS_SEED.imageIds.docDetails;
const IMS_ID = IMS_SEED_IDS.ubuntu2204;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A line as written: the access-log fields, and pino's own. */
type AccessLine = AccessLogLine & { msg: string; level: number };

describe('the access log', () => {
  let gw: TestGateway;
  let seen = 0;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.stop());
  beforeEach(() => {
    seen = gw.logs.length;
    gw.sandbox.resetCalls();
  });

  /** The access-log lines written since the test began. */
  const accessLines = (): AccessLine[] =>
    gw.logs
      .slice(seen)
      .map((line) => JSON.parse(line) as AccessLine)
      .filter((line) => line.msg === 'request');

  const upstreamCallsRecorded = () =>
    gw.sandbox.modelarts.calls().length + gw.sandbox.ims.calls().length + gw.sandbox.ehpc.calls().length;

  it('one line per request, with its fields; an incoming x-request-id is kept and echoed', async () => {
    const requestId = `checkout-${randomUUID()}`;
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({
        query: 'query Two($ma: ID!, $ims: ID!) { modelArtsImage(id: $ma) { name } imsImage(id: $ims) { name } }',
        variables: { ma: MA_ID, ims: IMS_ID },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    await response.text();
    const lines = accessLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      requestId,
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Two',
      operationType: 'query',
      outcome: 'success',
      errorCodes: [],
      upstreamCalls: upstreamCallsRecorded(),
    });
    expect(lines[0].upstreamCalls).toBe(2);
    expect(lines[0].durationMs).toBeGreaterThan(0);
  });

  it('without an x-request-id (or with one that is not a sane token) a new one is made and echoed', async () => {
    for (const incoming of [undefined, 'has spaces in it', 'x'.repeat(129)]) {
      seen = gw.logs.length;
      const response = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(incoming ? { 'x-request-id': incoming } : {}) },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      await response.text();
      const echoed = response.headers.get('x-request-id');
      expect(echoed).toMatch(UUID);
      expect(accessLines().map((line) => line.requestId)).toEqual([echoed]);
      expect(accessLines()[0]).toMatchObject({ operationName: null, outcome: 'success', upstreamCalls: 0 });
    }
  });

  it('a partial answer: its outcome and error codes, and the attempts including the retries', async () => {
    const path = `/v1/${SANDBOX_HUAWEI.projectId}/images/${MA_ID}`;
    gw.sandbox.modelarts.injectFault({ pathPrefix: path, status: 503, body: { error_code: 'X' }, times: Infinity });
    try {
      const result = await gw.query(
        `query P { modelArtsImage(id: "${MA_ID}") { name } imsImage(id: "${IMS_ID}") { name } }`,
      );
      expect(result.body.errors).toHaveLength(1);
    } finally {
      gw.sandbox.modelarts.clearFaults();
    }
    const [line] = accessLines();
    expect(line).toMatchObject({ operationName: 'P', outcome: 'partial', errorCodes: ['UPSTREAM_UNAVAILABLE'] });
    // ModelArts: the first attempt and its two retries; IMS: one.
    expect(line.upstreamCalls).toBe(upstreamCallsRecorded());
    expect(line.upstreamCalls).toBe(4);
  });

  it('a body Apollo cannot read and a 404 are logged; probes and scrapes are not', async () => {
    const base = gw.url.replace(/\/graphql$/, '');
    const refused = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(refused.status).toBe(400);
    for (const path of ['/healthz', '/readyz', '/metrics', '/nowhere']) await (await fetch(base + path)).text();
    expect(accessLines().map((line) => [line.path, line.status, line.outcome])).toEqual([
      ['/graphql', 400, 'error'],
      ['/nowhere', 404, undefined],
    ]);
  });

  it('refusals before Apollo runs (depth, JSON, CSRF, size) log their code and count in the metrics', async () => {
    const metrics = () => scrape(gw.url.replace(/\/graphql$/, '/metrics'));
    const before = await metrics();
    const deep = `{ ${'a { '.repeat(40)}b${' }'.repeat(40)} }`;
    const post = (body: string, contentType = 'application/json') =>
      fetch(gw.url, { method: 'POST', headers: { 'content-type': contentType }, body }).then((r) => r.status);
    expect(await post(JSON.stringify({ query: deep }))).toBe(200);
    expect(await post('{')).toBe(400);
    expect(await post('query=%7B__typename%7D', 'application/x-www-form-urlencoded')).toBe(400);
    expect(await post(JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2_000_000) }))).toBe(413);
    expect(accessLines().map((line) => [line.status, line.outcome, line.errorCodes])).toEqual([
      [200, 'error', ['MAX_DEPTH']],
      [400, 'error', ['BAD_REQUEST']],
      [400, 'error', ['BAD_REQUEST']],
      [413, 'error', ['PAYLOAD_TOO_LARGE']],
    ]);
    const after = await metrics();
    const errors = 'image_gateway_graphql_errors_total';
    expect(moved(before, after, errors, { code: 'MAX_DEPTH' })).toBe(1);
    expect(moved(before, after, errors, { code: 'BAD_REQUEST' })).toBe(2);
    expect(moved(before, after, errors, { code: 'PAYLOAD_TOO_LARGE' })).toBe(1);
    const requests = { operation: '__unknown__', outcome: 'error' };
    expect(moved(before, after, 'image_gateway_graphql_requests_total', requests)).toBe(4);
  });

  it('a client that hangs up mid-body: one access line (499), no error line, nothing sent upstream', async () => {
    const { port } = new URL(gw.url);
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"q',
        );
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on('close', () => resolve());
    });
    for (let i = 0; i < 100 && accessLines().length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(accessLines().map((line) => [line.status, line.outcome])).toEqual([[499, 'cancelled']]);
    const levels = gw.logs.slice(seen).map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels.filter((level) => level >= 50)).toEqual([]);
    expect(upstreamCallsRecorded()).toBe(0);
  });

  it('never a variable value, a token, a key or a secret: not in the access line, not in any line', async () => {
    const marker = `variable-value-${randomUUID()}`;
    const bearer = `bearer-${randomUUID()}`;
    const document =
      'query Secretive($name: String) { images(filter: { nameContains: $name }, first: 1) { totalCount } }';
    // Variables in a POST body, and in a GET's query string.
    await gw.query(document, { name: marker }, { authorization: `Bearer ${bearer}`, 'x-auth-token': bearer });
    const get = new URL(gw.url);
    get.searchParams.set('query', document);
    get.searchParams.set('variables', JSON.stringify({ name: marker }));
    await (await fetch(get, { headers: { 'apollo-require-preflight': 'true', authorization: bearer } })).text();
    const lines = accessLines();
    expect(lines.map((line) => [line.method, line.path, line.operationName])).toEqual([
      ['POST', '/graphql', 'Secretive'],
      ['GET', '/graphql', 'Secretive'],
    ]);
    const written = gw.logs.slice(seen).join('\n');
    for (const value of [
      marker,
      bearer,
      SANDBOX_HUAWEI.ak,
      SANDBOX_HUAWEI.sk,
      SANDBOX_ALIBABA.accessKeyId,
      SANDBOX_ALIBABA.accessKeySecret,
    ]) {
      expect(written, value).not.toContain(value);
    }
    // Exactly these fields: nothing copied from the request.
    for (const line of lines) {
      const fields = Object.keys(line).filter((key) => !['level', 'time', 'service', 'msg'].includes(key));
      expect(fields.sort()).toEqual(
        [
          'caller',
          'durationMs',
          'errorCodes',
          'method',
          'operationName',
          'operationType',
          'outcome',
          'path',
          'requestId',
          'status',
          'upstreamCalls',
        ].sort(),
      );
    }
  });
});
