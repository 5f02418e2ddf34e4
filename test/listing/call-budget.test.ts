// The `images` listing spends at most IMAGE_GATEWAY_LIST_CALL_BUDGET upstream
// calls per request, every list page and per-image lookup counted at the
// emulators; when the budget runs out it says so (hasNextPage with an
// endCursor that resumes the scan) instead of ending in silence.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const LIST = `query ($filter: ImageFilter, $first: Int, $after: String) {
  images(filter: $filter, first: $first, after: $after) {
    edges { cursor node { provider nativeId status } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const NOTHING_MATCHES = { providers: ['EHPC'], status: ['DELETED'] };

describe('one call budget for a listing', () => {
  let gw: TestGateway;
  const ehpcCalls = () => gw.sandbox.ehpc.calls();
  const everyCall = () => [...gw.sandbox.modelarts.calls(), ...gw.sandbox.ims.calls(), ...ehpcCalls()];

  beforeAll(async () => {
    gw = await startTestGateway({ env: { IMAGE_GATEWAY_UPSTREAM_RETRIES: '0' } });
    // 3,000 E-HPC images, none DELETED: the status is only in GetImage, so each one costs a lookup.
    gw.sandbox.ehpc.emulator.generateImages(3000);
  });
  afterAll(() => gw?.stop());

  it('a filter nothing matches costs at most the budget (default 50), and says there is more', async () => {
    gw.sandbox.resetCalls();
    const { body } = await gw.query(LIST, { filter: NOTHING_MATCHES, first: 100 });
    expect(body.errors).toBeUndefined();
    expect(body.data.images.edges).toEqual([]);
    expect(body.data.images.pageInfo.hasNextPage).toBe(true);
    expect(body.data.images.pageInfo.endCursor).toEqual(expect.any(String));
    const calls = everyCall();
    expect(calls.length).toBeLessThanOrEqual(60);
    expect(calls.length).toBeGreaterThanOrEqual(50);
    // Only E-HPC was asked, and one page of it was read.
    expect(calls.every((c) => c.service === 'ehpc')).toBe(true);
    expect(calls.filter((c) => c.headers['x-acs-action'] === 'ListImages')).toHaveLength(1);
  });

  it('the endCursor resumes the scan where it stopped: the next request looks at other images', async () => {
    const lookedUp = (calls: ReturnType<typeof ehpcCalls>) =>
      calls.filter((c) => c.headers['x-acs-action'] === 'GetImage').map((c) => c.query.ImageId?.[0]);
    gw.sandbox.resetCalls();
    const first = await gw.query(LIST, { filter: NOTHING_MATCHES, first: 100 });
    const seen = new Set(lookedUp(ehpcCalls()));
    gw.sandbox.resetCalls();
    const second = await gw.query(LIST, {
      filter: NOTHING_MATCHES,
      first: 100,
      after: first.body.data.images.pageInfo.endCursor,
    });
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data.images.pageInfo.hasNextPage).toBe(true);
    const next = lookedUp(ehpcCalls());
    expect(next.length).toBeGreaterThan(40);
    for (const id of next) expect(seen.has(id)).toBe(false);
    expect(everyCall().length).toBeLessThanOrEqual(60);
  });

  it('paging on reaches the end of the listing', async () => {
    // A smaller world: 150 images, so the scan ends within a few requests.
    const small = await startTestGateway({ sandbox: { ehpc: { seed: false } } });
    try {
      small.sandbox.ehpc.emulator.generateImages(150);
      let after: string | null = null;
      let requests = 0;
      for (;;) {
        requests += 1;
        small.sandbox.resetCalls();
        const { body }: { body: any } = await small.query(LIST, { filter: NOTHING_MATCHES, first: 100, after });
        expect(body.errors).toBeUndefined();
        expect(small.sandbox.ehpc.calls().length).toBeLessThanOrEqual(60);
        if (!body.data.images.pageInfo.hasNextPage) break;
        after = body.data.images.pageInfo.endCursor;
        expect(requests).toBeLessThan(10);
      }
      // 150 lookups at ≤ 49 per request (one call reads the page): four requests, not one.
      expect(requests).toBe(4);
    } finally {
      await small.stop();
    }
  });

  it('IMAGE_GATEWAY_LIST_CALL_BUDGET sets the budget', async () => {
    const tight = await startTestGateway({ env: { IMAGE_GATEWAY_LIST_CALL_BUDGET: '10' } });
    try {
      tight.sandbox.ehpc.emulator.generateImages(300);
      tight.sandbox.resetCalls();
      const { body } = await tight.query(LIST, { filter: NOTHING_MATCHES, first: 100 });
      expect(body.errors).toBeUndefined();
      expect(body.data.images.pageInfo.hasNextPage).toBe(true);
      expect(tight.sandbox.ehpc.calls()).toHaveLength(10);
    } finally {
      await tight.stop();
    }
  });
});
