// Small fake sources for the listing's unit tests: each an instance that reads
// pages of a fixed, newest-first list by offset (its opaque position), costs
// one upstream call per page through the page's scope (how the listing counts
// calls), and pushes no filter down, so the merge's own filtering is exercised.

import type { GatewayContext } from '../../src/context-types.js';
import type { AnyImageModel } from '../../src/models.js';
import type { ListPageRequest } from '../../src/sources/types.js';

export interface FakeImage {
  id: string;
  name: string;
  createdAt: Date | null;
}

export interface FakeSource {
  name: string;
  provider: string;
  images: FakeImage[];
  /** Upstream calls made, across requests. */
  calls: number;
  /** Whether each page reports its total (as an API that counts would). */
  counts: boolean;
}

export function fakeSource(name: string, images: FakeImage[], options: { counts?: boolean } = {}): FakeSource {
  return { name, provider: name.toUpperCase(), images, calls: 0, counts: options.counts ?? true };
}

/** `count` images newest first, one minute apart from `newest`, ids `<prefix>-<n>`. */
export function images(prefix: string, count: number, newest = Date.parse('2024-06-01T00:00:00Z')): FakeImage[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(3, '0')}`,
    name: `${prefix} image ${i}`,
    createdAt: new Date(newest - i * 60_000),
  }));
}

/** A context that holds just what the listing reads of one: the configured instances and the request's scope. */
export function contextOver(sources: FakeSource[]): GatewayContext {
  const entries = sources.map((source) => ({
    module: { provider: source.provider },
    instance: {
      config: { name: source.name, provider: source.provider, region: '' },
      async listImages({ scope, position, pageSize }: ListPageRequest) {
        scope.onAttempt?.({ operation: 'ListImages', attempt: 1 });
        source.calls += 1;
        const offset = position === null ? 0 : Number(position);
        const page = source.images.slice(offset, offset + pageSize);
        const end = offset + pageSize;
        return {
          images: page.map((image) => ({ ...image, status: 'ACTIVE' }) as unknown as AnyImageModel),
          next: end < source.images.length ? String(end) : null,
          totalCount: source.counts ? source.images.length : null,
        };
      },
    },
  }));
  const warnings: unknown[] = [];
  return {
    sources: { entries },
    scope: {},
    logger: { warn: (...args: unknown[]) => warnings.push(args) },
    extraErrors: [],
  } as unknown as GatewayContext;
}
