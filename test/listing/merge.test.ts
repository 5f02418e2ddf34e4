// The cross-source merge (src/listing/merge.ts) over small fake sources, no
// server: one newest-first order across sources (ties by id, undated last),
// paging with cursors that lose and repeat nothing, and a call budget that
// ends a page early with hasNextPage and an endCursor that resumes the scan.

import { describe, expect, it } from 'vitest';
import { listImages } from '../../src/listing/index.js';
import { contextOver, fakeSource, images, type FakeSource } from './fake-sources.js';

const LIMITS = { maxPageSize: 200, listCallBudget: 50 };

/** Every page of the listing, `first` at a time: the ids in order, and each page's result with the upstream calls made so far. */
async function pageThrough(sources: FakeSource[], args: Parameters<typeof listImages>[1], limits = LIMITS) {
  const context = contextOver(sources);
  const ids: string[] = [];
  const pages = [];
  let after: string | null = null;
  for (let round = 0; round < 100; round++) {
    const page = await listImages(context, { ...args, after }, limits);
    pages.push({ ...page, callsSoFar: sources.reduce((sum, s) => sum + s.calls, 0) });
    ids.push(...page.nodes.map((n) => (n as unknown as { id: string }).id));
    if (!page.pageInfo.hasNextPage) return { ids, pages };
    after = page.pageInfo.endCursor;
  }
  throw new Error('the listing did not end');
}

describe('listImages merge', () => {
  it('merges sources newest first, ties by id, undated images last', async () => {
    const t = Date.parse('2024-01-01T00:00:00Z');
    const a = fakeSource('a', [
      { id: 'a-2', name: 'x', createdAt: new Date(t) },
      { id: 'a-1', name: 'x', createdAt: new Date(t - 2000) },
      { id: 'a-0', name: 'x', createdAt: null },
    ]);
    const b = fakeSource('b', [
      { id: 'b-9', name: 'x', createdAt: new Date(t + 1000) },
      { id: 'a-15', name: 'x', createdAt: new Date(t) },
      { id: 'b-0', name: 'x', createdAt: null },
    ]);
    const page = await listImages(contextOver([b, a]), { first: 10 }, LIMITS);
    expect(page.nodes.map((n) => (n as unknown as { id: string }).id)).toEqual([
      'b-9',
      'a-15',
      'a-2',
      'a-1',
      'a-0',
      'b-0',
    ]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(page.totalCount).toBe(6);
  });

  it('pages through interleaved sources: every image once, in the one order, whatever `first`', async () => {
    const sources = () => [
      fakeSource('a', images('a', 40)),
      fakeSource('b', images('b', 25, Date.parse('2024-06-01T00:00:30Z'))),
      fakeSource('c', images('c', 3, Date.parse('2024-05-31T23:40:00Z'))),
    ];
    const everything = (await listImages(contextOver(sources()), { first: 200 }, LIMITS)).nodes.map(
      (n) => (n as unknown as { id: string }).id,
    );
    expect(everything).toHaveLength(68);
    for (const first of [1, 7, 20]) {
      const { ids, pages } = await pageThrough(sources(), { first });
      expect(ids).toEqual(everything);
      for (const page of pages) expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    }
  });

  it('applies the whole filter to what sources return, and keeps the cursor to that filter', async () => {
    const source = fakeSource('a', images('a', 30));
    const filter = { nameContains: 'IMAGE 1' };
    const { ids } = await pageThrough([source], { first: 4, filter });
    expect(ids).toEqual(['a-001', ...Array.from({ length: 10 }, (_, i) => `a-${String(10 + i).padStart(3, '0')}`)]);
    const first = await listImages(contextOver([source]), { first: 1, filter }, LIMITS);
    await expect(
      listImages(contextOver([source]), { first: 1, after: first.pageInfo.endCursor, filter: {} }, LIMITS),
    ).rejects.toMatchObject({ details: { code: 'BAD_USER_INPUT', field: 'after' } });
  });

  describe('the call budget', () => {
    // One match at the very end of 100 images: the upstream page size is 10
    // (first + 1, at least 10), so finding it takes 10 pages.
    const haystack = () => {
      const list = images('h', 100);
      list[99] = { ...list[99], name: 'the needle' };
      return fakeSource('h', list);
    };
    const args = { first: 5, filter: { nameContains: 'needle' } };
    const limits = { maxPageSize: 200, listCallBudget: 3 };

    it('ends a page when spent, with hasNextPage and an endCursor that resumes the scan', async () => {
      const source = haystack();
      const context = contextOver([source]);
      const page = await listImages(context, args, limits);
      expect(source.calls).toBe(3);
      expect(page.edges).toEqual([]);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(page.pageInfo.endCursor).toEqual(expect.any(String));
      // The next request goes on from the fourth page: never more than the budget, nothing read twice.
      const next = await listImages(context, { ...args, after: page.pageInfo.endCursor }, limits);
      expect(source.calls).toBe(6);
      expect(next.edges).toEqual([]);
      expect(next.pageInfo.endCursor).not.toBe(page.pageInfo.endCursor);
    });

    it('finds everything across budget-limited requests, each within the budget', async () => {
      const source = haystack();
      const { ids, pages } = await pageThrough([source], args, limits);
      expect(ids).toEqual(['h-099']);
      expect(pages).toHaveLength(4);
      expect(source.calls).toBe(10);
      // Each request spent at most the budget: three pages, three, three, then the last one.
      const spent = pages.map((page, i) => page.callsSoFar - (pages[i - 1]?.callsSoFar ?? 0));
      expect(spent).toEqual([3, 3, 3, 1]);
      expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, true, false]);
    });
  });
});
