// The registered sources: one line each. This list is the only place that
// knows them all; everything else (config, schema, GraphiQL examples, the
// README's table) is derived from it.

import { ehpcSource } from './ehpc/index.js';
import { imsSource } from './ims/index.js';
import { modelArtsSource } from './modelarts/index.js';
import type { SourceModule } from './types.js';

export const SOURCES: readonly SourceModule[] = [modelArtsSource, imsSource, ehpcSource];

/** Every registered `ImageProvider` value. */
export const PROVIDERS: readonly string[] = SOURCES.map((source) => source.provider);

export { compareSortKeys, matchesFilter, sortKeyOf, type SortKey } from './filter.js';
export { SourceRegistry } from './registry.js';
export type {
  ExampleOperation,
  ImageListFilter,
  ImageListPage,
  ListPageRequest,
  SourceDeps,
  SourceInstance,
  SourceModule,
} from './types.js';
