// IMAGE_GATEWAY_RATE_LIMIT in one process (in-process counters): a caller's
// requests past the limit within the minute are refused with HTTP 429,
// Retry-After and RATE_LIMITED (extensions.retryAfter), over HTTP and over
// WebSocket (the operation's error), and reach no upstream.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { connectWs, record } from '../support/ws.js';

const LIMIT = 3;
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { IMAGE_GATEWAY_RATE_LIMIT: String(LIMIT) } });
});
afterAll(async () => {
  await gw?.stop();
});

const post = () =>
  fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ images(first: 1) { nodes { id } } }' }),
  });

it('allows LIMIT requests a minute, then answers 429 with Retry-After, over HTTP and WebSocket', async () => {
  for (let i = 0; i < LIMIT; i += 1) expect((await post()).status).toBe(200);
  gw.sandbox.resetCalls();
  const refused = await post();
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = (await refused.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
  expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter });
  expect(gw.sandbox.ims.calls().length + gw.sandbox.modelarts.calls().length + gw.sandbox.ehpc.calls().length).toBe(0);

  const ws = connectWs(gw.url);
  try {
    const sub = record(ws.client, '{ __typename }');
    const end = await sub.ended;
    expect(end.kind).toBe('error');
    expect(JSON.stringify((end as { error: unknown }).error)).toContain('RATE_LIMITED');
  } finally {
    await ws.dispose();
  }
});
