// Synthetic IMS images for tests that need many (paging, sorting, batching by
// `id=in:`): deterministic in their sequence number, owned by the project or
// public, with distinct created_at not in insertion or id order, and varied
// names, platforms, states and visibility.

import { createHash } from 'node:crypto';
import { deterministicUuid } from '../deterministic.js';
import { IMS_PUBLIC_OWNER } from './seed.js';
import type { ImsWireImage } from './types.js';

const PLATFORMS: Array<[platform: string, version: string]> = [
  ['Ubuntu', 'Ubuntu 22.04 server 64bit'],
  ['CentOS', 'CentOS 7.9 64bit'],
  ['EulerOS', 'EulerOS 2.9 64bit'],
  ['Debian', 'Debian GNU/Linux 11.0.0 64bit'],
  ['openEuler', 'openEuler 22.03 64bit'],
  ['Other', 'Other Linux(64 bit)'],
];
const BASE_MS = Date.UTC(2024, 0, 1);

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The `n`th synthetic image (n = 0, 1, …) of `projectId`. */
export function syntheticImage(n: number, projectId: string): ImsWireImage {
  const [platform, version] = PLATFORMS[n % PLATFORMS.length] ?? ['Other', 'Other Linux(64 bit)'];
  const id = deterministicUuid(`ims-generated:${n}`);
  // Distinct, not monotonic in n: created_at order differs from insertion and id order.
  const createdMs = BASE_MS + ((n * 7919) % 100_003) * 60_000 + (n % 60) * 1000;
  const isPublic = n % 7 === 3;
  const queued = n % 13 === 5;
  const arm = platform === 'openEuler' || n % 11 === 4;
  return {
    __image_source_type: 'uds',
    __imagetype: isPublic ? 'gold' : 'private',
    __isregistered: queued ? 'false' : 'true',
    __os_bit: '64',
    __os_type: 'Linux',
    __os_version: version,
    __platform: platform,
    ...(queued ? {} : { __image_size: String(1_073_741_824 * (1 + (n % 40))) }),
    ...(arm ? { __support_arm: 'true' } : { __support_kvm: 'true' }),
    ...(queued ? {} : { active_at: isoSeconds(createdMs + 600_000) }),
    checksum: queued ? null : createHash('md5').update(id).digest('hex'),
    container_format: 'bare',
    created_at: isoSeconds(createdMs),
    disk_format: n % 9 === 2 ? 'qcow2' : 'zvhd2',
    file: `/v2/images/${id}/file`,
    hw_firmware_type: arm ? 'uefi' : 'bios',
    id,
    max_ram: '0',
    min_disk: 40,
    min_ram: n % 4 === 0 ? 1024 : 0,
    name: `gen-image-${String(n).padStart(4, '0')}`,
    owner: isPublic ? IMS_PUBLIC_OWNER : projectId,
    protected: isPublic,
    schema: '/v2/schemas/image',
    self: `/v2/images/${id}`,
    size: queued ? null : 2,
    status: queued ? 'queued' : 'active',
    tags: n % 5 === 0 ? ['generated', `batch-${n % 3}`] : ['generated'],
    updated_at: isoSeconds(createdMs + 900_000),
    virtual_env_type: 'FusionCompute',
    virtual_size: null,
    visibility: isPublic ? 'public' : 'private',
  };
}
