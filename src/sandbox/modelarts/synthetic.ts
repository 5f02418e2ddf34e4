// Synthetic ModelArts images for tests that need many (paging, sorting,
// batching): deterministic in their sequence number, with distinct create_at
// not in insertion order, and varied names, service_type, type, arch, namespace,
// visibility and workspace.

import { deterministicUuid } from '../deterministic.js';
import type { ModelArtsWireImage } from './types.js';
import { SERVICE_TYPES } from './vocabulary.js';

const FRAMEWORKS = ['pytorch', 'tensorflow', 'mindspore', 'mxnet', 'paddle', 'xgboost', 'sklearn'];
const NAMESPACES = ['atelier', 'ml-team', 'cv-group', 'nlp-lab'];
const BASE_MS = 1_672_531_200_000; // 2023-01-01T00:00:00Z

/** The `n`th synthetic image (n = 0, 1, …). */
export function syntheticImage(n: number): ModelArtsWireImage {
  const framework = FRAMEWORKS[n % FRAMEWORKS.length] ?? 'pytorch';
  const namespace = NAMESPACES[n % NAMESPACES.length] ?? 'atelier';
  const aarch = n % 5 === 3;
  const buildIn = n % 6 === 0;
  const categories = aarch ? ['ASCEND'] : n % 2 === 0 ? ['CPU', 'GPU'] : ['CPU'];
  // Distinct, non-monotonic-in-n creation times (so create_at order differs from insertion order).
  const createAt = BASE_MS + ((n * 7919) % 100_003) * 60_000 + n;
  const name = `gen-${framework}-${String(n).padStart(4, '0')}`;
  const tag = `v${1 + (n % 4)}.${n % 10}`;
  return {
    arch: aarch ? 'aarch64' : 'x86_64',
    create_at: createAt,
    description: `Synthetic ${framework} image #${n}`,
    dev_services: n % 3 === 0 ? ['NOTEBOOK'] : ['NOTEBOOK', 'SSH'],
    id: deterministicUuid(`modelarts-generated:${n}`),
    name,
    namespace,
    origin: n % 4 === 1 ? 'IMAGE_SAVE' : 'CUSTOMIZE',
    resource_categories: categories,
    service_type: SERVICE_TYPES[n % SERVICE_TYPES.length],
    size: 1_048_576 + ((n * 104_729) % 8_388_608) + (n % 7 === 0 ? 2_500_000_000 : 0),
    status: 'ACTIVE',
    support_res_categories: categories,
    swr_path: `swr.cn-north-4.myhuaweicloud.com/${namespace}/${name}:${tag}`,
    tag,
    type: buildIn ? 'BUILD_IN' : 'DEDICATED',
    update_at: createAt + (n % 11) * 3_600_000,
    visibility: buildIn || n % 9 === 4 ? 'PUBLIC' : 'PRIVATE',
    workspace_id: n % 8 === 5 ? '3d1c5b7e9f2a4c6e8a0b1d3f5e7c9a2b' : '0',
  };
}
