// Query.images over every source (test/conformance/sources.ts), against the sandbox with a few hundred
// generated images per source: every image exactly once, newest first with
// ties by id, the total the emulators hold, upstream list calls near the
// minimum, each filter against the emulators' own state (mapped by the README's
// normalization table), pushdown as promised, cursor and argument errors, and
// totalCount.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../src/sandbox/index.js';
import { listedKey, type ListedImage } from '../conformance/adapter.js';
import { SOURCES } from '../conformance/sources.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { report } from '../support/verbose.js';

const PER_SOURCE = 300;

const LIST = `query($filter: ImageFilter, $first: Int, $after: String) {
  images(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id provider nativeId name createdAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

interface Listed {
  id: string;
  provider: string;
  nativeId: string;
  name: string | null;
  createdAt: string | null;
}

const key = listedKey;
const providers = SOURCES.map((s) => s.provider);

describe(`images across ${SOURCES.map((s) => s.name).join(', ')}`, () => {
  let gw: TestGateway;
  let expected: ListedImage[];

  // The emulators' own state, mapped by the README's normalization table (each adapter knows its cloud's).
  const expectedState = (): ListedImage[] => SOURCES.flatMap((s) => s.listing.expected(gw.sandbox));

  const listCalls = (): Record<string, RecordedCall[]> =>
    Object.fromEntries(SOURCES.map((s) => [s.provider, s.listing.listCalls(gw.sandbox[s.sandboxKey].calls())]));
  const resetCalls = () => gw.sandbox.resetCalls();

  /** Pages through the whole listing; `sizes` cycles for `first`. */
  const pageThrough = async (filter: Record<string, unknown> | undefined, sizes: number[], fields = '') => {
    const nodes: Array<Listed & Record<string, unknown>> = [];
    const contributed: Record<string, number> = Object.fromEntries(providers.map((p) => [p, 0]));
    let after: string | null = null;
    let totalCount: number | null | undefined;
    for (let round = 0; round < 200; round++) {
      const first = sizes[round % sizes.length];
      const document = fields ? LIST.replace('createdAt }', `createdAt ${fields} }`) : LIST;
      const { body }: { body: { data?: any; errors?: unknown } } = await gw.query(document, { filter, first, after });
      expect(body.errors).toBeUndefined();
      const connection: any = body.data.images;
      expect(connection.edges.length).toBeLessThanOrEqual(first);
      if (round === 0) totalCount = connection.totalCount;
      nodes.push(...connection.edges.map((e: { node: Listed }) => e.node));
      for (const provider of new Set<string>(connection.edges.map((e: { node: Listed }) => e.node.provider)))
        contributed[provider] += 1;
      if (connection.edges.length > 0) expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
      if (!connection.pageInfo.hasNextPage) return { nodes, totalCount, rounds: round + 1, contributed };
      // A page may come back empty when the request's call budget ran out before a match was found;
      // its endCursor must then move the scan on.
      if (connection.edges.length === 0) expect(connection.pageInfo.endCursor).not.toBe(after);
      after = connection.pageInfo.endCursor;
    }
    throw new Error('the listing did not end');
  };

  const expectNewestFirst = (nodes: Listed[]) => {
    for (let i = 1; i < nodes.length; i++) {
      const a = nodes[i - 1];
      const b = nodes[i];
      const ta = a.createdAt ? Date.parse(a.createdAt) : -Infinity;
      const tb = b.createdAt ? Date.parse(b.createdAt) : -Infinity;
      if (ta === tb) expect(a.id < b.id, `${a.id} before ${b.id} at ${i}`).toBe(true);
      else expect(ta > tb, `${a.createdAt} before ${b.createdAt} at ${i}`).toBe(true);
    }
  };

  beforeAll(async () => {
    gw = await startTestGateway({ env: { IMAGE_GATEWAY_UPSTREAM_RETRIES: '0' } });
    for (const source of SOURCES) source.listing.generate(gw.sandbox, PER_SOURCE);
    expected = expectedState();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const countOf = (provider: string) => expected.filter((e) => e.provider === provider).length;

  describe('paging through everything', () => {
    for (const sizes of [[50], [37], [50, 37, 13, 100]]) {
      it(`first: ${sizes.join(', then ')}: every image once, newest first, ties by id, list calls near the minimum`, async () => {
        resetCalls();
        const { nodes, rounds, contributed } = await pageThrough(undefined, sizes);
        // The total is what the emulators hold (as the project sees it): PER_SOURCE generated each + the seeds.
        expect(nodes.length).toBe(expected.length);
        expect(expected.length).toBeGreaterThan(SOURCES.length * PER_SOURCE);
        expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
        expect(new Set(nodes.map((n) => key(n.provider, n.nativeId)))).toEqual(new Set(expected.map((e) => e.key)));
        expectNewestFirst(nodes);

        // The upstream page size is fixed by the first request: first + 1.
        const pageSize = sizes[0] + 1;
        const calls = listCalls();
        for (const provider of providers) {
          const pages = Math.ceil(countOf(provider) / pageSize);
          const made = calls[provider].length;
          // Every page is read once to be consumed. The page a request stops in
          // is partly consumed, and the cursor holds positions, not images: the
          // next request that needs this source reads that page again and skips
          // what was taken. So at most one extra read per request in which the
          // source contributed, plus the first request's read of every source
          // (needed to know its newest image, even when it contributes nothing yet).
          expect(made, `${provider}: ${made} list calls`).toBeLessThanOrEqual(pages + contributed[provider] + 1);
          expect(made, `${provider}: ${made} list calls`).toBeLessThanOrEqual(2 * pages + 3);
          // Never a call per request: a source that contributes nothing to a page is not read.
          expect(made).toBeLessThan(rounds);
        }
        // E-HPC pages are page numbers: every call used the listing's one page size.
        expect(new Set(calls.EHPC.map((c) => c.query.PageSize?.[0]))).toEqual(new Set([String(pageSize)]));
        report(
          JSON.stringify({
            sizes,
            rounds,
            pageSize,
            calls: Object.fromEntries(Object.entries(calls).map(([p, c]) => [p, c.length])),
            contributed,
            counts: Object.fromEntries(providers.map((p) => [p, countOf(p)])),
          }),
        );
      });
    }
  });

  describe('filters: exactly the matching images, pushed down where promised', () => {
    const run = async (filter: Record<string, unknown>, predicate: (e: ListedImage) => boolean) => {
      resetCalls();
      const { nodes, totalCount } = await pageThrough(filter, [100]);
      expectNewestFirst(nodes);
      const want = expected
        .filter(predicate)
        .map((e) => e.key)
        .sort();
      expect(want.length).toBeGreaterThan(0);
      expect(nodes.map((n) => key(n.provider, n.nativeId)).sort()).toEqual(want);
      return { nodes, totalCount, calls: listCalls() };
    };

    it('providers', async () => {
      const { calls } = await run({ providers: ['IMS', 'EHPC'] }, (e) => ['IMS', 'EHPC'].includes(e.provider));
      expect(calls.MODELARTS).toHaveLength(0);
    });

    it('status (Glance status pushed down as its own words)', async () => {
      const { calls } = await run(
        { status: ['QUEUED', 'CREATING'] },
        (e) => e.status === 'QUEUED' || e.status === 'CREATING',
      );
      expect(calls.IMS.length).toBeGreaterThan(0);
      for (const call of calls.IMS) expect(call.query.status).toEqual(['in:queued,saving,uploading,importing']);
    });

    it('architecture', async () => {
      await run({ architecture: ['AARCH64'] }, (e) => e.architecture === 'AARCH64');
    });

    it('visibility (E-HPC ImageCategory and Glance visibility pushed down for a single one)', async () => {
      const { calls, totalCount } = await run({ visibility: ['PUBLIC'] }, (e) => e.visibility === 'PUBLIC');
      expect(calls.EHPC.length).toBeGreaterThan(0);
      for (const call of calls.EHPC) expect(call.query.ImageCategory).toEqual(['Public']);
      // PUBLIC is Glance's public or community: one value cannot say both, so none is sent.
      for (const call of calls.IMS) expect(call.query.visibility).toBeUndefined();
      expect(totalCount).toBeNull();
      const privateOnly = await run({ visibility: ['PRIVATE'] }, (e) => e.visibility === 'PRIVATE');
      for (const call of privateOnly.calls.EHPC) expect(call.query.ImageCategory).toEqual(['Custom']);
      for (const call of privateOnly.calls.IMS) expect(call.query.visibility).toEqual(['private']);
    });

    it('nameContains, case-insensitive (ModelArts name pushed down)', async () => {
      const { calls } = await run({ nameContains: 'Image-02' }, (e) => e.name.toLowerCase().includes('image-02'));
      const { calls: maCalls } = await run({ nameContains: 'PyTorch-01' }, (e) =>
        e.name.toLowerCase().includes('pytorch-01'),
      );
      for (const call of maCalls.MODELARTS) expect(call.query.name).toEqual(['pytorch-01']);
      for (const call of calls.MODELARTS) expect(call.query.name).toEqual(['image-02']);
    });

    it('createdAfter / createdBefore, strict (Glance created_at=gt: pushed down)', async () => {
      const after = Date.parse('2023-02-01T00:00:00Z');
      const before = Date.parse('2024-01-20T00:00:00Z');
      const { nodes, calls } = await run(
        { createdAfter: new Date(after).toISOString(), createdBefore: new Date(before).toISOString() },
        (e) => e.created !== null && e.created > after && e.created < before,
      );
      expect(nodes.some((n) => n.provider === 'MODELARTS') && nodes.some((n) => n.provider === 'IMS')).toBe(true);
      for (const call of calls.IMS) expect(call.query.created_at).toEqual(['gt:2023-02-01T00:00:00Z']);
      // Bounds are strict: an image created exactly at the bound is out.
      const edge = expected.find((e) => e.provider === 'IMS' && e.created !== null)!;
      const exact = await pageThrough(
        { createdAfter: new Date(edge.created!).toISOString(), providers: ['IMS'] },
        [200],
      );
      expect(exact.nodes.map((n) => n.nativeId)).not.toContain(edge.nativeId);
      const only = await pageThrough(
        {
          createdBefore: new Date(edge.created! + 1).toISOString(),
          createdAfter: new Date(edge.created! - 1).toISOString(),
          providers: ['IMS'],
        },
        [10],
      );
      expect(only.nodes.map((n) => n.nativeId)).toEqual([edge.nativeId]);
    });

    it('several conditions at once: all must hold', async () => {
      await run(
        { providers: ['MODELARTS', 'IMS'], architecture: ['X86_64'], visibility: ['PRIVATE'], nameContains: '-01' },
        (e) =>
          ['MODELARTS', 'IMS'].includes(e.provider) &&
          e.architecture === 'X86_64' &&
          e.visibility === 'PRIVATE' &&
          e.name.toLowerCase().includes('-01'),
      );
    });
  });

  describe('arguments and cursors', () => {
    const errorOf = async (variables: Record<string, unknown>) => {
      const { body } = await gw.query(LIST, variables);
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toHaveLength(1);
      return body.errors![0];
    };

    it('a cursor used with a different filter is BAD_USER_INPUT', async () => {
      const { body } = await gw.query(LIST, { filter: { providers: ['IMS'] }, first: 5 });
      const cursor = body.data.images.pageInfo.endCursor;
      const error = await errorOf({ filter: { providers: ['EHPC'] }, first: 5, after: cursor });
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/different filter/);
      // The same filter (lists in another order are the same filter) resumes.
      const again = await gw.query(LIST, { filter: { providers: ['IMS'] }, first: 5, after: cursor });
      expect(again.body.errors).toBeUndefined();
      expect(again.body.data.images.edges).toHaveLength(5);
    });

    it('a garbage cursor is BAD_USER_INPUT', async () => {
      const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      for (const after of [
        'garbage!!',
        'bm90IGpzb24',
        b64({ v: 2 }),
        b64([1, 2]),
        b64({ v: 2, f: 'x', p: 51, s: { a: [1] } }),
      ]) {
        const error = await errorOf({ first: 5, after });
        expect(error.extensions?.code, after).toBe('BAD_USER_INPUT');
      }
      // A well-formed cursor with a position the source cannot read is refused too.
      const { body } = await gw.query(LIST, { filter: { providers: ['EHPC'] }, first: 5 });
      const data = JSON.parse(Buffer.from(body.data.images.pageInfo.endCursor, 'base64url').toString());
      for (const name of Object.keys(data.s)) data.s[name] = ['../1', 0, null];
      const error = await errorOf({ filter: { providers: ['EHPC'] }, first: 5, after: b64(data) });
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe('after');
    });

    it('first above the maximum page size, or negative, is BAD_USER_INPUT; 0 gives no edges', async () => {
      for (const first of [201, 10_000, -1]) {
        const error = await errorOf({ first });
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.message).toMatch(/first must be from 0 to 200/);
      }
      const { body } = await gw.query(LIST, { first: 200 });
      expect(body.errors).toBeUndefined();
      expect(body.data.images.edges).toHaveLength(200);
      const none = await gw.query(LIST, { first: 0 });
      expect(none.body.data.images.edges).toEqual([]);
      expect(none.body.data.images.pageInfo.hasNextPage).toBe(true);
    });
  });

  describe('totalCount', () => {
    it('a number when every source reports a total with everything pushed down, on every page', async () => {
      const filter = { providers: ['MODELARTS', 'EHPC'] };
      const want = countOf('MODELARTS') + countOf('EHPC');
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const { body }: { body: { data?: any; errors?: unknown } } = await gw.query(LIST, {
          filter,
          first: 100,
          after,
        });
        expect(body.errors).toBeUndefined();
        expect(body.data.images.totalCount).toBe(want);
        pages += 1;
        if (!body.data.images.pageInfo.hasNextPage) break;
        after = body.data.images.pageInfo.endCursor;
      }
      expect(pages).toBeGreaterThan(4);
      // Pushed-down filters keep it: ModelArts name, E-HPC category.
      const named = await gw.query(LIST, { filter: { providers: ['MODELARTS'], nameContains: 'pytorch' }, first: 1 });
      expect(named.body.data.images.totalCount).toBe(
        expected.filter((e) => e.provider === 'MODELARTS' && e.name.includes('pytorch')).length,
      );
      const publicEhpc = await gw.query(LIST, { filter: { providers: ['EHPC'], visibility: ['PUBLIC'] }, first: 1 });
      expect(publicEhpc.body.data.images.totalCount).toBe(
        expected.filter((e) => e.provider === 'EHPC' && e.visibility === 'PUBLIC').length,
      );
    });

    it('null when a source cannot count (Glance) or a filter is applied in the gateway', async () => {
      const all = await gw.query(LIST, { first: 1 });
      expect(all.body.data.images.totalCount).toBeNull();
      const status = await gw.query(LIST, { filter: { providers: ['MODELARTS'], status: ['ACTIVE'] }, first: 1 });
      expect(status.body.data.images.totalCount).toBeNull();
      const name = await gw.query(LIST, { filter: { providers: ['EHPC'], nameContains: 'generated' }, first: 1 });
      expect(name.body.data.images.totalCount).toBeNull();
    });
  });
});
