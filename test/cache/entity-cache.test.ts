// The entity cache, in-process (the default store), against the sandbox: a
// repeated read of each source's image, and a repeated list page, costs no
// upstream call while the entry is fresh; the gateway's own delete makes the
// next read go upstream and answer null; stale-while-revalidate answers at
// once and refreshes once; callers with different credentials never share an
// entry; off (TTL 0), every read goes upstream. Upstream calls are counted
// from what the emulators received.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { SANDBOX_HUAWEI } from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { moved, scrape } from '../support/prometheus.js';

const LIST = `{ images(first: 100) { nodes { id provider nativeId name } } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Image { name status } } }`;
const DELETE = `mutation ($input: DeleteImageInput!) { deleteImage(input: $input) { deletedId } }`;

const upstreamCalls = (gw: TestGateway) =>
  gw.sandbox.modelarts.calls().length + gw.sandbox.ims.calls().length + gw.sandbox.ehpc.calls().length;
const metricsUrl = (gw: TestGateway) => gw.url.replace(/\/graphql$/, '/metrics');

describe('entity cache on (in-process)', () => {
  let gw: TestGateway;
  let ids: Record<string, string>;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { IMAGE_GATEWAY_CACHE_TTL_MS: '60000' } });
    const res = await gw.query(LIST);
    ids = {};
    for (const image of res.body.data.images.nodes as Array<{ id: string; provider: string }>) {
      ids[image.provider] ??= image.id;
    }
    expect(Object.keys(ids).sort()).toEqual(['EHPC', 'IMS', 'MODELARTS']);
  });
  afterAll(async () => {
    await gw?.stop();
  });
  beforeEach(() => gw.sandbox.resetCalls());

  it.each(['MODELARTS', 'IMS', 'EHPC'])('a repeated read of a %s image costs one upstream read', async (provider) => {
    const before = await scrape(metricsUrl(gw));
    const first = await gw.query(NODE, { id: ids[provider] });
    expect(first.body.errors).toBeUndefined();
    const spent = upstreamCalls(gw);
    expect(spent).toBeGreaterThan(0);
    const second = await gw.query(NODE, { id: ids[provider] });
    expect(second.body).toEqual(first.body);
    expect(upstreamCalls(gw)).toBe(spent);
    const after = await scrape(metricsUrl(gw));
    expect(moved(before, after, 'image_gateway_cache_requests_total', { provider, outcome: 'hit' })).toBeGreaterThan(0);
    expect(moved(before, after, 'image_gateway_cache_requests_total', { provider, outcome: 'miss' })).toBeGreaterThan(
      0,
    );
  });

  it('a repeated list page costs no upstream call', async () => {
    const first = await gw.query(LIST);
    expect(first.body.errors).toBeUndefined();
    gw.sandbox.resetCalls();
    const second = await gw.query(LIST);
    expect(second.body).toEqual(first.body);
    expect(upstreamCalls(gw)).toBe(0);
  });

  it("the gateway's own delete makes the next read go upstream and answer null", async () => {
    const nativeId = randomUUID();
    gw.sandbox.ims.emulator.seedImage({
      id: nativeId,
      name: 'cached-then-deleted',
      owner: SANDBOX_HUAWEI.projectId,
      visibility: 'private',
      status: 'active',
      created_at: '2024-05-01T10:00:00Z',
      updated_at: '2024-05-01T10:00:00Z',
      container_format: 'bare',
      disk_format: 'qcow2',
      tags: [],
      protected: false,
    });
    const { id } = (await gw.query(`{ imsImage(id: "${nativeId}") { id } }`)).body.data.imsImage;
    expect((await gw.query(NODE, { id })).body.data.node.name).toBe('cached-then-deleted');
    gw.sandbox.resetCalls();
    expect((await gw.query(NODE, { id })).body.data.node.name).toBe('cached-then-deleted');
    expect(upstreamCalls(gw)).toBe(0);
    const deleted = await gw.query(DELETE, { input: { id } });
    expect(deleted.body.errors).toBeUndefined();
    gw.sandbox.resetCalls();
    expect((await gw.query(NODE, { id })).body.data.node).toBeNull();
    expect(upstreamCalls(gw)).toBeGreaterThan(0);
  });
});

describe('stale-while-revalidate', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: { IMAGE_GATEWAY_CACHE_TTL_MS: '300', IMAGE_GATEWAY_CACHE_STALE_MS: '60000' },
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('past the TTL answers the entry at once and refreshes it once, in the background', async () => {
    const { IMS_SEED_IDS } = await import('../../src/sandbox/ims/seed.js');
    const query = `{ imsImage(id: "${IMS_SEED_IDS.ubuntu2204}") { name } }`;
    const first = await gw.query(query);
    expect(first.body.data.imsImage.name).toEqual(expect.any(String));
    await new Promise((resolve) => setTimeout(resolve, 400));
    gw.sandbox.resetCalls();
    const before = await scrape(metricsUrl(gw));
    const stale = await Promise.all([gw.query(query), gw.query(query), gw.query(query)]);
    for (const res of stale) expect(res.body).toEqual(first.body);
    const after = await scrape(metricsUrl(gw));
    const stales = moved(before, after, 'image_gateway_cache_requests_total', { provider: 'IMS', outcome: 'stale' });
    const hits = moved(before, after, 'image_gateway_cache_requests_total', { provider: 'IMS', outcome: 'hit' });
    // The first is stale; the others too, or fresh hits once the refresh has landed: never a wait on the cloud.
    expect(stales).toBeGreaterThanOrEqual(1);
    expect(stales + hits).toBe(3);
    await expect.poll(() => gw.sandbox.ims.calls().length).toBe(1);
    // Refreshed: fresh again, no call.
    await gw.query(query);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gw.sandbox.ims.calls()).toHaveLength(1);
  });
});

describe('entity cache off (the default)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('every read goes upstream, and no cache lookup is counted', async () => {
    await gw.query(LIST);
    gw.sandbox.resetCalls();
    await gw.query(LIST);
    expect(upstreamCalls(gw)).toBeGreaterThan(0);
    const metrics = await scrape(metricsUrl(gw));
    expect(metrics.value('image_gateway_cache_requests_total', { outcome: 'hit' })).toBe(0);
  });
});
