// Words for the schema's enums, as the page shows them.

import type { CpuArchitecture, ImageProvider, ImageStatus, ImageVisibility } from './generated/graphql.js';

export const PROVIDERS: ReadonlyArray<{ value: ImageProvider; label: string }> = [
  { value: 'MODELARTS', label: 'ModelArts' },
  { value: 'IMS', label: 'IMS' },
  { value: 'EHPC', label: 'E-HPC' },
];

export const STATUSES: ReadonlyArray<{ value: ImageStatus; label: string }> = [
  { value: 'QUEUED', label: 'Queued' },
  { value: 'CREATING', label: 'Creating' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'FAILED', label: 'Failed' },
  { value: 'DELETED', label: 'Deleted' },
  { value: 'UNKNOWN', label: 'Unknown' },
];

export const ARCHITECTURES: ReadonlyArray<{ value: CpuArchitecture; label: string }> = [
  { value: 'X86_64', label: 'x86_64' },
  { value: 'AARCH64', label: 'aarch64' },
];

export const VISIBILITIES: ReadonlyArray<{ value: ImageVisibility; label: string }> = [
  { value: 'PRIVATE', label: 'Private' },
  { value: 'PUBLIC', label: 'Public' },
  { value: 'SHARED', label: 'Shared' },
];

/** The label of an enum value, or the value itself (a provider added to the schema later). */
export function labelOf<T extends string>(
  options: ReadonlyArray<{ value: T; label: string }>,
  value: T | null | undefined,
): string {
  if (!value) return '—';
  return options.find((option) => option.value === value)?.label ?? value;
}

/** Statuses that change on their own: rows in them are watched live. */
export const UNSETTLED: ReadonlySet<ImageStatus> = new Set(['QUEUED', 'CREATING']);
