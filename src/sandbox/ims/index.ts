// Emulator of Huawei Cloud IMS' native OpenStack image API (Glance v2 with
// Huawei `__` properties), written from docs/vendor/002, vendor-notes §1 and §3
// and the real-Glance wire behaviour in glance-notes.md. Behind an emulated API
// Gateway: AK/SK `SDK-HMAC-SHA256` signatures or `X-Auth-Token`.
//
// Routes
//   GET /v2/images/{image_id}   one image: Glance core fields + `__` properties top-level
//   GET /v2/images              {images, first, schema, next?}
//
// Answers, in order of checks
//   request line longer than maxRequestLine → 414 (HTML, as the front proxy answers)
//   no route for method + path              → 404 APIG.0101
//   authentication fails                    → 401 APIG.0301 {error_code, error_msg, request_id}
//   X-Project-Id is not the configured project → 403 APIG.0302
//   image missing / not visible             → 404 {"error":{"code":"IMG.0144","message":"The image does not exist."}}
//   bad list parameter                      → 400 {"error":{"code":"IMG.0001","message":<Glance's explanation>}}
// Every answer carries `X-Request-Id` and `X-Openstack-Request-Id`.
//
// List semantics follow Glance v2 (glance/api/v2/images.py, glance/db): limit default 25,
// max 1000 (larger values are clamped); marker = an image id that must exist (else 400);
// sort_key/sort_dir (repeatable) or sort=key:dir,…, default created_at desc, with
// created_at and id appended as tie-breakers; `next` whenever a page is full; filters
// exact and ANDed, `in:` on id/name/status/container_format/disk_format, time operators
// on created_at/updated_at, size_min/size_max, tag (repeatable), protected, visibility,
// member_status; any other parameter is a property filter (unknown → matches nothing).

import { createHash, randomUUID } from 'node:crypto';
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
import { IMS_PUBLIC_OWNER, imsSeedImages } from './seed.js';
import type { ImsErrorBody, ImsImageList, ImsWireImage } from './types.js';

export type { ImsErrorBody, ImsImageList, ImsWireImage } from './types.js';
export {
  IMS_SEED,
  IMS_SEED_IDS,
  IMS_DOC_IMAGE,
  IMS_PUBLIC_OWNER,
  IMS_SHARING_PROJECT,
  IMS_MARKET_OWNER,
} from './seed.js';

export interface ImsEmulatorOptions {
  ak: string;
  sk: string;
  /** The project the credentials are scoped to: owner of the private seed images. */
  projectId: string;
  /** IAM tokens accepted in `X-Auth-Token`. */
  tokens?: string[];
  /**
   * 'supported' (default): `id=in:a,b` filters by id, as Glance documents.
   * 'ignored': an endpoint that does not know it — the id filter is dropped and the
   * normal unfiltered page comes back.
   */
  idInFilter?: 'supported' | 'ignored';
  /** Longest accepted request line (`METHOD target HTTP/1.1`), default 8192; longer → 414. */
  maxRequestLine?: number;
  /** Seed the documented example and the realistic images (default true). */
  seed?: boolean;
  /** The clock the X-Sdk-Date window is checked against (default Date.now). */
  authNow?: () => number;
}

export interface ImsEmulator extends Emulator {
  readonly service: 'ims';
  readonly projectId: string;
  /** Adds or replaces an image (wire form); self/file/schema are filled in when missing. */
  seedImage(image: ImsWireImage): void;
  /**
   * Adds `count` deterministic synthetic images owned by the project or public,
   * with distinct created_at, varied names/platforms/visibility, and returns them.
   * Repeated calls continue the sequence. `overrides` is applied to each one.
   */
  generateImages(count: number, overrides?: Partial<ImsWireImage>): ImsWireImage[];
  /** Every stored image, in insertion order. */
  images(): ImsWireImage[];
  image(id: string): ImsWireImage | undefined;
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'];
const IN_KEYS = new Set(['id', 'name', 'status', 'container_format', 'disk_format']);
const TIME_KEYS = new Set(['created_at', 'updated_at']);
const TIME_OPS = new Set(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);
const CORE_FIELDS = new Set(['owner', 'min_ram', 'min_disk', 'checksum', 'virtual_size', 'size']);
const RESERVED = new Set(['limit', 'marker', 'sort_key', 'sort_dir', 'sort', 'member_status']);
const VISIBILITIES = ['public', 'private', 'shared', 'community', 'all'];
const MEMBER_STATUSES = ['accepted', 'pending', 'rejected', 'all'];
const JSON_TYPE = 'application/json; charset=UTF-8';

class BadRequest extends Error {}

interface SortSpec {
  keys: string[];
  dirs: Array<'asc' | 'desc'>;
}

function deterministicUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Python's urllib.parse.quote_plus: keeps A-Za-z0-9 and `_.-~`, space → `+`. */
function quotePlus(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (byte < 0x80 && /[A-Za-z0-9_.\-~]/.test(ch)) out += ch;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function encodeQuery(params: Array<[string, string]>): string {
  return params.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
}

/** Glance's split_filter_value_for_quotes: comma list, double quotes protect commas. */
function splitInList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (ch === '"') {
      if (quoted) {
        quoted = false;
      } else if (current === '') {
        quoted = true;
        wasQuoted = true;
      } else {
        throw new BadRequest('Invalid filter value: the quotes are not closed.');
      }
      continue;
    }
    if (ch === '\\' && quoted && value[i + 1] === '"') {
      current += '"';
      i += 1;
      continue;
    }
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
      wasQuoted = false;
      continue;
    }
    current += ch;
  }
  if (quoted) throw new BadRequest('Invalid filter value: the quotes are not closed.');
  if (current !== '' || wasQuoted || out.length > 0) out.push(current);
  return out;
}

function parseIsoTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Glance's split_filter_op: `op:value`, except that an ISO time alone means eq. */
function splitFilterOp(expression: string): { op: string; value: string } {
  const colon = expression.indexOf(':');
  if (colon === -1) return { op: 'eq', value: expression };
  if (parseIsoTime(expression) !== undefined) return { op: 'eq', value: expression };
  return { op: expression.slice(0, colon), value: expression.slice(colon + 1) };
}

function compareValues(a: unknown, b: unknown): number {
  const na = a === undefined || a === null;
  const nb = b === undefined || b === null;
  if (na && nb) return 0;
  if (na) return -1; // NULL sorts first ascending, as in SQL
  if (nb) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function createImsEmulator(options: ImsEmulatorOptions): ImsEmulator {
  const projectId = options.projectId;
  const maxRequestLine = options.maxRequestLine ?? 8192;
  const idInSupported = (options.idInFilter ?? 'supported') === 'supported';
  const authConfig = { keys: [{ ak: options.ak, sk: options.sk }], tokens: options.tokens ?? [], now: options.authNow };
  const store = new Map<string, ImsWireImage>();
  let generated = 0;

  const put = (image: ImsWireImage) => {
    const copy = structuredClone(image);
    copy.self ??= `/v2/images/${copy.id}`;
    copy.file ??= `/v2/images/${copy.id}/file`;
    copy.schema ??= '/v2/schemas/image';
    store.set(copy.id, copy);
    return copy;
  };
  if (options.seed ?? true) for (const image of imsSeedImages(projectId)) put(image);

  const visible = (image: ImsWireImage) =>
    image.owner === projectId ||
    image.visibility === 'public' ||
    image.visibility === 'community' ||
    image.visibility === 'shared';

  function headers(requestId: string): Record<string, string> {
    return { 'content-type': JSON_TYPE, 'x-request-id': requestId, 'x-openstack-request-id': `req-${randomUUID()}` };
  }
  const imsError = (status: number, code: string, message: string, requestId: string): EmulatorResponse => ({
    status,
    headers: headers(requestId),
    body: { error: { code, message } } satisfies ImsErrorBody,
  });

  function parseSort(query: URLSearchParams): SortSpec {
    const sort = query.getAll('sort');
    const sortKeys = query.getAll('sort_key');
    const sortDirs = query.getAll('sort_dir');
    const keys: string[] = [];
    const dirs: Array<'asc' | 'desc'> = [];
    const checkKey = (key: string) => {
      if (!SORT_KEYS.includes(key)) {
        throw new BadRequest(`Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);
      }
    };
    const checkDir = (dir: string): 'asc' | 'desc' => {
      if (dir !== 'asc' && dir !== 'desc') throw new BadRequest(`Invalid sort direction: ${dir}`);
      return dir;
    };
    if (sort.length > 0) {
      if (sortKeys.length > 0 || sortDirs.length > 0) {
        throw new BadRequest('Old and new sorting syntax cannot be combined');
      }
      for (const item of sort.join(',').split(',')) {
        const [key = '', dir = 'desc'] = item.trim().split(':');
        checkKey(key.trim());
        keys.push(key.trim());
        dirs.push(checkDir(dir.trim()));
      }
    } else {
      for (const key of sortKeys) {
        checkKey(key);
        keys.push(key);
      }
      const given = sortDirs.map(checkDir);
      if (keys.length === 0) keys.push('created_at');
      if (given.length === 0) dirs.push(...keys.map(() => 'desc' as const));
      else if (given.length === 1) dirs.push(...keys.map(() => given[0] ?? 'desc'));
      else if (given.length === keys.length) dirs.push(...given);
      else throw new BadRequest('Number of sort dirs does not match the number of sort keys');
    }
    const defaultDir = dirs[0] ?? 'desc';
    for (const tie of ['created_at', 'id']) {
      if (!keys.includes(tie)) {
        keys.push(tie);
        dirs.push(defaultDir);
      }
    }
    return { keys, dirs };
  }

  function comparator(spec: SortSpec) {
    return (a: ImsWireImage, b: ImsWireImage) => {
      for (let i = 0; i < spec.keys.length; i += 1) {
        const key = spec.keys[i] ?? 'id';
        const c = compareValues(a[key], b[key]);
        if (c !== 0) return spec.dirs[i] === 'asc' ? c : -c;
      }
      return 0;
    };
  }

  /** One (key, value) filter of the query → a predicate. */
  function filterFor(key: string, raw: string): (image: ImsWireImage) => boolean {
    if (key === 'visibility') {
      if (!VISIBILITIES.includes(raw)) throw new BadRequest(`Invalid visibility value: ${raw}`);
      return raw === 'all' ? () => true : (image) => image.visibility === raw;
    }
    if (key === 'tag') return (image) => Array.isArray(image.tags) && image.tags.includes(raw);
    if (key === 'protected') {
      if (raw !== 'true' && raw !== 'false') {
        throw new BadRequest(`Invalid value '${raw}' for 'protected' filter. Valid values are 'true' or 'false'.`);
      }
      return (image) => image.protected === (raw === 'true');
    }
    if (key === 'size_min' || key === 'size_max') {
      if (!/^\d+$/.test(raw)) throw new BadRequest(`${key} must be a non-negative integer`);
      const bound = Number(raw);
      return (image) =>
        typeof image.size === 'number' && (key === 'size_min' ? image.size >= bound : image.size <= bound);
    }
    if (TIME_KEYS.has(key)) {
      const { op, value } = splitFilterOp(raw);
      if (!TIME_OPS.has(op)) throw new BadRequest('Unable to filter on a unknown operator.');
      const threshold = parseIsoTime(value);
      if (threshold === undefined) throw new BadRequest(`Unable to filter on a non-ISO 8601 time: ${value}`);
      return (image) => {
        const at = typeof image[key] === 'string' ? parseIsoTime(image[key]) : undefined;
        if (at === undefined) return false;
        switch (op) {
          case 'gt':
            return at > threshold;
          case 'gte':
            return at >= threshold;
          case 'lt':
            return at < threshold;
          case 'lte':
            return at <= threshold;
          case 'eq':
            return at === threshold;
          default:
            return at !== threshold;
        }
      };
    }
    if (IN_KEYS.has(key)) {
      const { op, value } = splitFilterOp(raw);
      if (op === 'in') {
        if (key === 'id' && !idInSupported) return () => true;
        const members = new Set(splitInList(value));
        return (image) => typeof image[key] === 'string' && members.has(image[key]);
      }
      if (op !== 'eq') throw new BadRequest('Unable to filter on a unknown operator.');
      return (image) => image[key] === value;
    }
    if (CORE_FIELDS.has(key)) {
      return (image) =>
        image[key] !== undefined &&
        image[key] !== null &&
        (typeof image[key] === 'string' ? image[key] : JSON.stringify(image[key])) === raw;
    }
    // Any other parameter is a property filter: exact, case-sensitive, on a string value.
    return (image) => typeof image[key] === 'string' && image[key] === raw;
  }

  function listImages(request: EmulatorRequest, requestId: string): EmulatorResponse {
    const query = request.query;
    const params = [...query.entries()];

    const limitRaw = query.get('limit');
    let limit = DEFAULT_LIMIT;
    if (limitRaw !== null) {
      if (!/^-?\d+$/.test(limitRaw.trim())) throw new BadRequest('limit param must be an integer');
      limit = Number(limitRaw.trim());
      if (limit < 0) throw new BadRequest('limit param must be positive');
      limit = Math.min(limit, MAX_LIMIT);
    }
    const spec = parseSort(query);
    const memberStatus = query.get('member_status') ?? 'accepted';
    if (!MEMBER_STATUSES.includes(memberStatus)) throw new BadRequest(`Invalid status: ${memberStatus}`);

    const predicates: Array<(image: ImsWireImage) => boolean> = [];
    for (const [key, value] of params) if (!RESERVED.has(key)) predicates.push(filterFor(key, value));
    // A shared image of another project is listed when its membership matches; the
    // sandbox project has accepted every share.
    if (memberStatus !== 'accepted' && memberStatus !== 'all') {
      predicates.push((image) => !(image.visibility === 'shared' && image.owner !== projectId));
    }

    const compare = comparator(spec);
    let candidates = [...store.values()].filter(visible).filter((image) => predicates.every((p) => p(image)));
    candidates.sort(compare);

    const markerId = query.get('marker');
    if (markerId !== null) {
      const marker = store.get(markerId);
      if (!marker || !visible(marker)) throw new BadRequest(`Image with identifier ${markerId} not found`);
      candidates = candidates.filter((image) => compare(image, marker) > 0);
    }
    const page = candidates.slice(0, limit);

    const withoutMarker = params.filter(([key]) => key !== 'marker');
    const query0 = encodeQuery(withoutMarker);
    const body: ImsImageList = {
      images: page.map((image) => structuredClone(image)),
      first: query0 ? `/v2/images?${query0}` : '/v2/images',
      schema: '/v2/schemas/images',
    };
    const last = page[page.length - 1];
    if (limit > 0 && page.length === limit && last) {
      body.next = `/v2/images?${encodeQuery([...withoutMarker, ['marker', last.id]])}`;
    }
    return { status: 200, headers: headers(requestId), body };
  }

  function handle(request: EmulatorRequest): EmulatorResponse {
    const requestId = newApigRequestId();
    const target = request.rawQuery ? `${request.rawPath}?${request.rawQuery}` : request.rawPath;
    const requestLine = `${request.method} ${target} HTTP/1.1`;
    if (requestLine.length > maxRequestLine) {
      return {
        status: 414,
        headers: { 'content-type': 'text/html', 'x-request-id': requestId },
        body:
          '<html>\r\n<head><title>414 Request-URI Too Large</title></head>\r\n<body>\r\n' +
          '<center><h1>414 Request-URI Too Large</h1></center>\r\n</body>\r\n</html>\r\n',
      };
    }

    const segments = request.rawPath.split('/');
    if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    let route: { name: 'list' } | { name: 'get'; id: string } | undefined;
    if (request.method === 'GET' && segments[0] === '' && segments[1] === 'v2' && segments[2] === 'images') {
      if (segments.length === 3) route = { name: 'list' };
      else if (segments.length === 4 && segments[3]) {
        let id = segments[3];
        try {
          id = decodeURIComponent(id);
        } catch {
          // keep the raw segment; it will not be found
        }
        route = { name: 'get', id };
      }
    }
    if (!route) return apigNotFoundResponse(requestId, { 'x-openstack-request-id': `req-${randomUUID()}` });

    const auth = verifyHuaweiRequest(request, authConfig);
    if (!auth.ok) return apigAuthErrorResponse(auth, requestId);
    const headerProject = request.headers['x-project-id'];
    if (typeof headerProject === 'string' && headerProject !== projectId) {
      return apigErrorResponse(403, 'APIG.0302', 'The IAM user is not authorized to access the API', requestId);
    }

    if (route.name === 'get') {
      const image = store.get(route.id);
      if (!image || !visible(image)) return imsError(404, 'IMG.0144', 'The image does not exist.', requestId);
      return { status: 200, headers: headers(requestId), body: structuredClone(image) };
    }
    try {
      return listImages(request, requestId);
    } catch (error) {
      if (error instanceof BadRequest) return imsError(400, 'IMG.0001', error.message, requestId);
      throw error;
    }
  }

  return {
    service: 'ims',
    projectId,
    handle,
    seedImage(image) {
      put(image);
    },
    generateImages(count, overrides = {}) {
      const out: ImsWireImage[] = [];
      for (let k = 0; k < count; k += 1) {
        const n = generated;
        generated += 1;
        out.push(structuredClone(put({ ...syntheticImage(n, projectId), ...structuredClone(overrides) })));
      }
      return out;
    },
    images: () => [...store.values()].map((image) => structuredClone(image)),
    image: (id) => {
      const image = store.get(id);
      return image ? structuredClone(image) : undefined;
    },
  };
}

const GEN_PLATFORMS: Array<[platform: string, version: string]> = [
  ['Ubuntu', 'Ubuntu 22.04 server 64bit'],
  ['CentOS', 'CentOS 7.9 64bit'],
  ['EulerOS', 'EulerOS 2.9 64bit'],
  ['Debian', 'Debian GNU/Linux 11.0.0 64bit'],
  ['openEuler', 'openEuler 22.03 64bit'],
  ['Other', 'Other Linux(64 bit)'],
];
const GEN_BASE_MS = Date.UTC(2024, 0, 1);

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function syntheticImage(n: number, projectId: string): ImsWireImage {
  const [platform, version] = GEN_PLATFORMS[n % GEN_PLATFORMS.length] ?? ['Other', 'Other Linux(64 bit)'];
  const id = deterministicUuid(`ims-generated:${n}`);
  // Distinct, not monotonic in n: created_at order differs from insertion and id order.
  const createdMs = GEN_BASE_MS + ((n * 7919) % 100_003) * 60_000 + (n % 60) * 1000;
  const isPublic = n % 7 === 3;
  const queued = n % 13 === 5;
  const arm = platform === 'openEuler' || n % 11 === 4;
  const image: ImsWireImage = {
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
  return image;
}

/** The IMS emulator as the sandbox registers it (../registry.ts): an API of the sandbox's Huawei Cloud account. */
export const ims: EmulatorDescriptor<'ims', ImsEmulatorOptions, ImsEmulator> = {
  name: 'ims',
  title: 'IMS',
  create: (options) => createImsEmulator({ ...sandboxHuaweiAccount(), ...options }),
  env: (url) => ({ IMS_ENDPOINT: url, ...sandboxHuaweiEnv() }),
};
