// Emulator of the Huawei Cloud ModelArts image API, written from the vendor
// pages (docs/vendor/000, 001, 004) and vendor-notes §1–2. It sits behind an
// emulated API Gateway: AK/SK `SDK-HMAC-SHA256` signatures or `X-Auth-Token`.
//
// Routes
//   GET    /v1/{project_id}/images                       ListImage
//   GET    /v1/{project_id}/images/{id}                  details
//   POST   /v1/{project_id}/images                       register a custom image
//   DELETE /v1/{project_id}/images/{id}                  delete (200 + the image)
//   POST   /v1/{project_id}/notebooks/{id}/create-image  save a notebook as an image
//
// Answers, in order of checks
//   no route for method + path  → 404 APIG.0101 (APIG answers before authenticating)
//   authentication fails        → 401 APIG.0301 {error_code, error_msg, request_id}
//   {project_id} (or X-Project-Id) is not the configured project
//                               → 403 APIG.0302 "The IAM user is not authorized to access the API"
//                                 (the credential is not scoped to that project; a choice — the pages
//                                 list 403 but do not say which code)
//   image not found             → 400 (default, as the live API) or 404, {"error_code":"ModelArts.6404"}
//   notebook not found          → 400 ModelArts.6309 "The instance does not exist."
//   bad parameter / bad JSON    → 400 ModelArts.0104 "Parameter error: …"
//   unsupported sort key        → 400 ModelArts.6303 "The field does not support sorting."
// Every answer carries `X-Request-Id`; ModelArts' own errors are `{error_code, error_msg}`
// (only APIG-level errors add `request_id`).

import { createHash } from 'node:crypto';
import type { EmulatorDescriptor } from '../descriptor.js';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../emulator.js';
import {
  apigAuthErrorResponse,
  apigErrorResponse,
  apigNotFoundResponse,
  newApigRequestId,
} from '../huawei/apig-errors.js';
import { sandboxHuaweiAccount, sandboxHuaweiEnv } from '../huawei/account.js';
import { verifyHuaweiRequest } from '../huawei/signature.js';
import { seedImages, seedNotebooks } from './seed.js';
import type { ModelArtsErrorBody, ModelArtsImageList, ModelArtsNotebook, ModelArtsWireImage } from './types.js';

export type { ModelArtsErrorBody, ModelArtsImageList, ModelArtsNotebook, ModelArtsWireImage } from './types.js';
export { MODELARTS_SEED, DOC_IMAGE_DETAILS, DOC_IMAGE_REGISTERED, DOC_IMAGE_SAVED } from './seed.js';

export interface ModelArtsEmulatorOptions {
  /** The AK/SK pair requests must be signed with. */
  ak: string;
  sk: string;
  /** The only project the credentials are scoped to: `{project_id}` must equal it. */
  projectId: string;
  /** IAM tokens accepted in `X-Auth-Token`. */
  tokens?: string[];
  /** How "image not found" is answered: the live API says 400 + ModelArts.6404 (default), the API page 404. */
  notFoundStyle?: 'http400' | 'http404';
  /** A saved image is INIT for `creating` ms, then CREATING for `active` ms, then ACTIVE (default 1500 / 3000). */
  saveDelaysMs?: { creating: number; active: number };
  /** Seed the documented example images and notebooks (default true). */
  seed?: boolean;
  /** The data clock: create_at/update_at of new images and the save progression (default Date.now). */
  now?: () => number;
  /** The clock the X-Sdk-Date window is checked against (default Date.now, independent of `now`). */
  authNow?: () => number;
  /** Registry host of swr_path for saved images (default swr.cn-north-4.myhuaweicloud.com). */
  swrDomain?: string;
}

export interface ModelArtsEmulator extends Emulator {
  readonly service: 'modelarts';
  readonly projectId: string;
  /** Adds or replaces an image, stored exactly as given (wire form). */
  seedImage(image: ModelArtsWireImage): void;
  /** Adds a notebook instance that create-image accepts. */
  seedNotebook(id: string, spec?: Omit<ModelArtsNotebook, 'id'>): void;
  /**
   * Adds `count` deterministic synthetic images (distinct create_at, varied names,
   * service_type, type, arch, namespace) and returns them. Repeated calls continue
   * the sequence, so ids never collide. `overrides` is applied to each one.
   */
  generateImages(count: number, overrides?: Partial<ModelArtsWireImage>): ModelArtsWireImage[];
  /** Current state, as GET would answer (save progression applied), in insertion order. */
  images(): ModelArtsWireImage[];
  /** One image as GET would answer, or undefined. */
  image(id: string): ModelArtsWireImage | undefined;
  /** The notebook ids create-image accepts. */
  notebookIds(): string[];
}

const ARCHES = ['X86_64', 'AARCH64'] as const;
const ORIGINS = ['CUSTOMIZE', 'IMAGE_SAVE'] as const;
const RESOURCE_CATEGORIES = ['CPU', 'GPU', 'ASCEND'] as const;
const SERVICE_TYPES = ['COMMON', 'INFERENCE', 'TRAIN', 'DEV', 'UNKNOWN'] as const;
const DEV_SERVICES = ['NOTEBOOK', 'SSH'] as const;
const VISIBILITIES = ['PRIVATE', 'PUBLIC'] as const;
const IMAGE_TYPES = ['BUILD_IN', 'DEDICATED'] as const;
const SORT_KEYS = ['create_at', 'update_at', 'name'] as const;
const MAX_DESCRIPTION = 512;
const MAX_NAME = 512;
const MAX_TAG = 64;
const NAME_PATTERN = /^[a-z0-9._-]+$/;
const TAG_PATTERN = /^[A-Za-z0-9._-]+$/;

class ParameterError extends Error {}

interface SaveRecord {
  startedAt: number;
  creatingMs: number;
  activeMs: number;
  sizeKb: number;
}

function deterministicUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function hashInt(seed: string, min: number, max: number): number {
  const n = parseInt(createHash('sha256').update(seed).digest('hex').slice(0, 12), 16);
  return min + (n % (max - min + 1));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function compactTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function createModelArtsEmulator(options: ModelArtsEmulatorOptions): ModelArtsEmulator {
  const now = options.now ?? Date.now;
  const notFoundStatus = options.notFoundStyle === 'http404' ? 404 : 400;
  const delays = options.saveDelaysMs ?? { creating: 1500, active: 3000 };
  const swrDomain = options.swrDomain ?? 'swr.cn-north-4.myhuaweicloud.com';
  const authConfig = {
    keys: [{ ak: options.ak, sk: options.sk }],
    tokens: options.tokens ?? [],
    now: options.authNow,
  };

  const store = new Map<string, ModelArtsWireImage>();
  const saves = new Map<string, SaveRecord>();
  const notebooks = new Map<string, ModelArtsNotebook>();
  let generated = 0;

  if (options.seed ?? true) {
    for (const image of seedImages()) store.set(image.id, image);
    for (const notebook of seedNotebooks()) notebooks.set(notebook.id, notebook);
  }

  /** The image as it reads now: a saved image's status follows the clock. */
  const view = (image: ModelArtsWireImage): ModelArtsWireImage => {
    const copy = structuredClone(image);
    const save = saves.get(image.id);
    if (!save) return copy;
    const elapsed = now() - save.startedAt;
    if (elapsed < save.creatingMs) {
      copy.status = 'INIT';
      copy.update_at = save.startedAt;
    } else if (elapsed < save.creatingMs + save.activeMs) {
      copy.status = 'CREATING';
      copy.update_at = save.startedAt + save.creatingMs;
      copy.status_message = 'Saving the notebook instance as an image.';
    } else {
      copy.status = 'ACTIVE';
      copy.update_at = save.startedAt + save.creatingMs + save.activeMs;
      copy.size = save.sizeKb;
      copy.status_message = 'Image saved successfully.';
    }
    return orderFields(copy);
  };

  const modelArtsError = (status: number, code: string, msg: string, requestId: string): EmulatorResponse => ({
    status,
    headers: { 'x-request-id': requestId },
    body: { error_code: code, error_msg: msg } satisfies ModelArtsErrorBody,
  });
  const ok = (body: unknown, requestId: string): EmulatorResponse => ({
    status: 200,
    headers: { 'x-request-id': requestId },
    body,
  });
  const imageNotFound = (id: string, requestId: string) =>
    modelArtsError(notFoundStatus, 'ModelArts.6404', `Image ${id} not found`, requestId);
  const parameterError = (message: string, requestId: string) =>
    modelArtsError(400, 'ModelArts.0104', `Parameter error: ${message}`, requestId);

  function listImages(query: URLSearchParams, requestId: string): EmulatorResponse {
    const limit = intParam(query, 'limit', 200, 1);
    const offset = intParam(query, 'offset', 0, 0);
    const sortDirRaw = query.get('sort_dir') ?? 'DESC';
    const sortDir = sortDirRaw.toUpperCase();
    if (sortDir !== 'ASC' && sortDir !== 'DESC')
      throw new ParameterError(`sort_dir must be ASC or DESC, got '${sortDirRaw}'`);
    const sortKeys = (query.get('sort_key') || 'create_at')
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '');
    for (const key of sortKeys) {
      if (!(SORT_KEYS as readonly string[]).includes(key)) {
        return modelArtsError(400, 'ModelArts.6303', 'The field does not support sorting.', requestId);
      }
    }
    const fuzzyRaw = query.get('name_fuzzy_match');
    let fuzzy = true;
    if (fuzzyRaw !== null) {
      if (!/^(true|false)$/i.test(fuzzyRaw)) throw new ParameterError(`name_fuzzy_match must be true or false`);
      fuzzy = fuzzyRaw.toLowerCase() === 'true';
    }
    const serviceType = enumParam(query, 'service_type', SERVICE_TYPES);
    const type = enumParam(query, 'type', IMAGE_TYPES);
    const name = query.get('name');
    const namespace = query.get('namespace');
    const workspaceId = query.get('workspace_id');

    const all = [...store.values()].map(view).filter((image) => {
      if (name !== null && name !== '') {
        const actual = image.name ?? '';
        if (fuzzy ? !actual.toLowerCase().includes(name.toLowerCase()) : actual !== name) return false;
      }
      if (namespace !== null && namespace !== '' && image.namespace !== namespace) return false;
      if (serviceType !== undefined && image.service_type !== serviceType) return false;
      if (type !== undefined && image.type !== type) return false;
      if (workspaceId !== null && workspaceId !== '' && (image.workspace_id ?? '0') !== workspaceId) return false;
      return true;
    });
    const sign = sortDir === 'ASC' ? 1 : -1;
    all.sort((a, b) => {
      for (const key of sortKeys) {
        const c = compareField(a[key], b[key]);
        if (c !== 0) return sign * c;
      }
      return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
    const data = all.slice(offset, offset + limit);
    const body: ModelArtsImageList = {
      current: Math.floor(offset / limit),
      data,
      pages: Math.ceil(all.length / limit),
      size: limit,
      total: all.length,
    };
    return ok(body, requestId);
  }

  function registerImage(body: Record<string, unknown>, requestId: string): EmulatorResponse {
    const arch = optionalEnum(body, 'arch', ARCHES, true);
    const description = optionalString(body, 'description');
    if (description !== undefined && description.length > MAX_DESCRIPTION) {
      throw new ParameterError(`description exceeds ${MAX_DESCRIPTION} characters`);
    }
    const origin = optionalEnum(body, 'origin', ORIGINS) ?? 'CUSTOMIZE';
    const resourceCategories = optionalEnumArray(body, 'resource_category', RESOURCE_CATEGORIES) ?? ['CPU'];
    const serviceType = optionalEnum(body, 'service_type', SERVICE_TYPES) ?? 'UNKNOWN';
    const services = optionalEnumArray(body, 'services', DEV_SERVICES) ?? ['NOTEBOOK', 'SSH'];
    const visibility = optionalEnum(body, 'visibility', VISIBILITIES) ?? 'PRIVATE';
    const workspaceId = optionalString(body, 'workspace_id') ?? '0';
    const swrPath = optionalString(body, 'swr_path');
    if (swrPath === undefined || swrPath === '') throw new ParameterError('swr_path is required');
    const parsed = parseSwrPath(swrPath);
    if (!parsed)
      throw new ParameterError(`swr_path '${swrPath}' is not of the form {registry}/{namespace}/{name}:{tag}`);

    // Registering an SWR path that is already registered answers the existing image (idempotent).
    const existing = [...store.values()].find(
      (i) => i.swr_path === swrPath && i.type === 'DEDICATED' && (i.workspace_id ?? '0') === workspaceId,
    );
    if (existing) return ok(view(existing), requestId);

    const createdAt = now();
    const image: ModelArtsWireImage = {
      arch: (arch ?? 'X86_64').toLowerCase(),
      create_at: createdAt,
      ...(description !== undefined ? { description } : {}),
      dev_services: services,
      id: deterministicUuid(`modelarts-register:${swrPath}:${workspaceId}:${createdAt}:${store.size}`),
      name: parsed.name,
      namespace: parsed.namespace,
      origin,
      resource_categories: resourceCategories,
      service_type: serviceType,
      size: hashInt(`size:${swrPath}`, 1_048_576, 4_194_304_000),
      status: 'ACTIVE',
      swr_path: swrPath,
      tag: parsed.tag,
      type: 'DEDICATED',
      update_at: createdAt,
      visibility,
      workspace_id: workspaceId,
    };
    store.set(image.id, image);
    saves.delete(image.id);
    return ok(view(image), requestId);
  }

  function saveNotebook(notebookId: string, body: Record<string, unknown>, requestId: string): EmulatorResponse {
    const notebook = notebooks.get(notebookId);
    if (!notebook) return modelArtsError(400, 'ModelArts.6309', 'The instance does not exist.', requestId);
    const description = optionalString(body, 'description');
    if (description !== undefined && description.length > MAX_DESCRIPTION) {
      throw new ParameterError(`description exceeds ${MAX_DESCRIPTION} characters`);
    }
    const name = optionalString(body, 'name') ?? `notebook-${notebookId.slice(0, 8)}`;
    if (name.length === 0 || name.length > MAX_NAME || !NAME_PATTERN.test(name)) {
      throw new ParameterError(`name must be 1-${MAX_NAME} lowercase letters, digits, '-', '_' or '.'`);
    }
    const namespace = optionalString(body, 'namespace') ?? 'atelier-auto';
    if (namespace.length === 0 || !NAME_PATTERN.test(namespace)) {
      throw new ParameterError(`namespace must be lowercase letters, digits, '-', '_' or '.'`);
    }
    const createdAt = now();
    const tag = optionalString(body, 'tag') ?? compactTimestamp(createdAt);
    if (tag.length === 0 || tag.length > MAX_TAG || !TAG_PATTERN.test(tag)) {
      throw new ParameterError(`tag must be 1-${MAX_TAG} letters, digits, '-', '_' or '.'`);
    }
    const workspaceId = optionalString(body, 'workspace_id') ?? '0';
    const swrPath = `${swrDomain}/${namespace}/${name}:${tag}`;
    const image: ModelArtsWireImage = {
      arch: notebook.arch ?? 'x86_64',
      create_at: createdAt,
      ...(description !== undefined ? { description } : {}),
      dev_services: [...(notebook.dev_services ?? ['NOTEBOOK', 'SSH'])],
      id: deterministicUuid(`modelarts-save:${notebookId}:${swrPath}:${createdAt}:${store.size}`),
      name,
      namespace,
      origin: 'IMAGE_SAVE',
      resource_categories: [...(notebook.resource_categories ?? ['CPU'])],
      service_type: notebook.service_type ?? 'UNKNOWN',
      status: 'INIT',
      swr_path: swrPath,
      tag,
      type: 'DEDICATED',
      update_at: createdAt,
      visibility: 'PRIVATE',
      workspace_id: workspaceId,
    };
    store.set(image.id, image);
    saves.set(image.id, {
      startedAt: createdAt,
      creatingMs: delays.creating,
      activeMs: delays.active,
      sizeKb: hashInt(`size:${image.id}`, 2_097_152, 16_777_216),
    });
    return ok(view(image), requestId);
  }

  async function handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const requestId = newApigRequestId();
    const segments = request.rawPath.split('/').map(decodeSegment);
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    const route = matchRoute(request.method, segments);
    if (!route) return apigNotFoundResponse(requestId);

    const auth = verifyHuaweiRequest(request, authConfig);
    if (!auth.ok) return apigAuthErrorResponse(auth, requestId);

    const headerProject = request.headers['x-project-id'];
    if (
      route.projectId !== options.projectId ||
      (typeof headerProject === 'string' && headerProject !== options.projectId)
    ) {
      return apigErrorResponse(403, 'APIG.0302', 'The IAM user is not authorized to access the API', requestId);
    }

    try {
      switch (route.name) {
        case 'list':
          return listImages(request.query, requestId);
        case 'get': {
          const image = store.get(route.id);
          return image ? ok(view(image), requestId) : imageNotFound(route.id, requestId);
        }
        case 'delete': {
          const image = store.get(route.id);
          if (!image) return imageNotFound(route.id, requestId);
          const force = request.query.get('force');
          if (force !== null && !/^(true|false)$/i.test(force)) throw new ParameterError('force must be true or false');
          const last = view(image);
          store.delete(route.id);
          saves.delete(route.id);
          return ok({ ...last, status: 'DELETED', update_at: now() }, requestId);
        }
        case 'register':
          return registerImage(parseJsonObject(request.body), requestId);
        case 'save':
          return saveNotebook(route.id, parseJsonObject(request.body, true), requestId);
      }
    } catch (error) {
      if (error instanceof ParameterError) return parameterError(error.message, requestId);
      throw error;
    }
  }

  return {
    service: 'modelarts',
    projectId: options.projectId,
    handle,
    seedImage(image) {
      store.set(image.id, structuredClone(image));
      saves.delete(image.id);
    },
    seedNotebook(id, spec = {}) {
      notebooks.set(id, { id, ...structuredClone(spec) });
    },
    generateImages(count, overrides = {}) {
      const out: ModelArtsWireImage[] = [];
      for (let k = 0; k < count; k += 1) {
        const n = generated;
        generated += 1;
        const image = orderFields({ ...syntheticImage(n), ...structuredClone(overrides) });
        store.set(image.id, image);
        saves.delete(image.id);
        out.push(structuredClone(image));
      }
      return out;
    },
    images: () => [...store.values()].map(view),
    image: (id) => {
      const image = store.get(id);
      return image ? view(image) : undefined;
    },
    notebookIds: () => [...notebooks.keys()],
  };
}

type Route =
  | { name: 'list'; projectId: string }
  | { name: 'register'; projectId: string }
  | { name: 'get' | 'delete'; projectId: string; id: string }
  | { name: 'save'; projectId: string; id: string };

function matchRoute(method: string, s: string[]): Route | undefined {
  // s[0] is the empty string before the leading '/'.
  if (s[0] !== '' || s[1] !== 'v1' || !s[2]) return undefined;
  const projectId = s[2];
  if (s.length === 4 && s[3] === 'images') {
    if (method === 'GET') return { name: 'list', projectId };
    if (method === 'POST') return { name: 'register', projectId };
    return undefined;
  }
  if (s.length === 5 && s[3] === 'images' && s[4]) {
    if (method === 'GET') return { name: 'get', projectId, id: s[4] };
    if (method === 'DELETE') return { name: 'delete', projectId, id: s[4] };
    return undefined;
  }
  if (s.length === 6 && s[3] === 'notebooks' && s[4] && s[5] === 'create-image' && method === 'POST') {
    return { name: 'save', projectId, id: s[4] };
  }
  return undefined;
}

const FIELD_ORDER = [
  'arch',
  'create_at',
  'description',
  'dev_services',
  'id',
  'name',
  'namespace',
  'origin',
  'resource_categories',
  'service_type',
  'size',
  'status',
  'status_message',
  'support_res_categories',
  'swr_path',
  'tag',
  'type',
  'update_at',
  'visibility',
  'workspace_id',
];

/** Documented fields in the pages' (alphabetical) order, then any extra ones. */
function orderFields(image: ModelArtsWireImage): ModelArtsWireImage {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (image[key] !== undefined) out[key] = image[key];
  for (const [key, value] of Object.entries(image)) if (!(key in out) && value !== undefined) out[key] = value;
  return out as ModelArtsWireImage;
}

const GEN_FRAMEWORKS = ['pytorch', 'tensorflow', 'mindspore', 'mxnet', 'paddle', 'xgboost', 'sklearn'];
const GEN_NAMESPACES = ['atelier', 'ml-team', 'cv-group', 'nlp-lab'];
const GEN_BASE_MS = 1_672_531_200_000; // 2023-01-01T00:00:00Z

function syntheticImage(n: number): ModelArtsWireImage {
  const framework = GEN_FRAMEWORKS[n % GEN_FRAMEWORKS.length] ?? 'pytorch';
  const namespace = GEN_NAMESPACES[n % GEN_NAMESPACES.length] ?? 'atelier';
  const aarch = n % 5 === 3;
  const buildIn = n % 6 === 0;
  const categories = aarch ? ['ASCEND'] : n % 2 === 0 ? ['CPU', 'GPU'] : ['CPU'];
  // Distinct, non-monotonic-in-n creation times (so create_at order differs from insertion order).
  const createAt = GEN_BASE_MS + ((n * 7919) % 100_003) * 60_000 + n;
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

function compareField(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ParameterError(`${name} must be an integer, got '${raw}'`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new ParameterError(`${name} must be at least ${min}`);
  return value;
}

function enumParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ParameterError(`${name} must be one of ${allowed.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

function parseJsonObject(body: Buffer, emptyIsObject = false): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') {
    if (emptyIsObject) return {};
    throw new ParameterError('the request body is empty');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ParameterError('the request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ParameterError('the request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ParameterError(`${field} must be a string`);
  return value;
}

function optionalEnum<T extends string>(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  caseInsensitive = false,
): T | undefined {
  const value = optionalString(body, field);
  if (value === undefined) return undefined;
  const candidate = caseInsensitive ? value.toUpperCase() : value;
  if (!(allowed as readonly string[]).includes(candidate)) {
    throw new ParameterError(`${field} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return candidate as T;
}

function optionalEnumArray<T extends string>(
  body: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
): T[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ParameterError(`${field} must be an array of strings`);
  for (const item of value) {
    if (typeof item !== 'string' || !(allowed as readonly string[]).includes(item)) {
      throw new ParameterError(`${field} items must be one of ${allowed.join(', ')}, got '${String(item)}'`);
    }
  }
  return [...new Set(value as T[])];
}

/** `{registry}/{namespace}/{repository}[:tag]` → namespace, name (the repository), tag (default latest). */
function parseSwrPath(path: string): { namespace: string; name: string; tag: string } | undefined {
  const slash = path.indexOf('/');
  if (slash <= 0) return undefined;
  const rest = path.slice(slash + 1);
  const nsEnd = rest.indexOf('/');
  if (nsEnd <= 0) return undefined;
  const namespace = rest.slice(0, nsEnd);
  const repoAndTag = rest.slice(nsEnd + 1);
  const colon = repoAndTag.lastIndexOf(':');
  const name = colon === -1 ? repoAndTag : repoAndTag.slice(0, colon);
  const tag = colon === -1 ? 'latest' : repoAndTag.slice(colon + 1);
  if (!name || !tag || !/^[a-z0-9][a-z0-9._/-]*$/.test(name) || !/^[a-z0-9][a-z0-9._-]*$/.test(namespace)) {
    return undefined;
  }
  if (!TAG_PATTERN.test(tag) || tag.length > 128) return undefined;
  return { namespace, name, tag };
}

/** The ModelArts emulator as the sandbox registers it (../registry.ts): an API of the sandbox's Huawei Cloud account. */
export const modelarts: EmulatorDescriptor<'modelarts', ModelArtsEmulatorOptions, ModelArtsEmulator> = {
  name: 'modelarts',
  title: 'ModelArts',
  create: (options) => createModelArtsEmulator({ ...sandboxHuaweiAccount(), ...options }),
  env: (url) => ({ MODELARTS_ENDPOINT: url, ...sandboxHuaweiEnv() }),
};
