// The GraphQL over HTTP spec, executable: every one of graphql-http's server
// audits (MUST, SHOULD and MAY) against the gateway in its default
// configuration, each as its own test, by id and name.

import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway | undefined;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
});

// The audits are listed before the gateway starts; each asks for the URL when it runs.
const audits = serverAudits({
  url: () => {
    if (!gw) throw new Error('the gateway did not start');
    return gw.url;
  },
});

describe('graphql-http server audits', () => {
  it('are the 61 audits of graphql-http 1.23', () => {
    // A new version may add audits: this says so instead of passing them silently.
    expect(audits).toHaveLength(61);
    expect(new Set(audits.map((audit) => audit.id)).size).toBe(audits.length);
  });

  it.each(audits.map((audit) => [audit.id, audit.name, audit] as const))('%s %s', async (_id, _name, audit) => {
    const result = await audit.fn();
    expect(result.status, result.status === 'ok' ? '' : result.reason).toBe('ok');
  });

  it('a GET mutation without any header is 405 (9C48 asks only for a 4xx)', async () => {
    const url = new URL(gw?.url ?? '');
    url.searchParams.set('query', 'mutation { __typename }');
    expect((await fetch(url)).status).toBe(405);
  });
});
