// Emulator of the Alibaba Cloud E-HPC Instant image API (product EhpcInstant,
// API version 2023-07-01), speaking its real wire format:
//
//   POST / (GET accepted too) on ehpcinstant.{region}.aliyuncs.com
//   x-acs-action: GetImage | ListImages | AddImage | RemoveImage
//   x-acs-version: 2023-07-01
//   Authorization: ACS3-HMAC-SHA256 …   (verified, see ../alibaba/signature.ts)
//   business parameters in the query string (a form body is read too), arrays
//   and structs JSON-encoded: ImageIds=["m-1","m-2"], VMImageSpec={"ImageId":"m-1"}
//
// Written from the vendor's GetImage page, the generated SDK's models
// (aliyun/alibabacloud-typescript-sdk ehpcinstant-20230701) and the notes in
// docs/vendor-notes.md §4–5. Nothing here is imported from the gateway.
//
// Choices where the vendor documents nothing (the gateway must not rely on more):
// - Checks run in this order: signature (POP errors), path and method, version
//   (400 InvalidVersion), action (404 InvalidAction.NotFound, the POP gateway's
//   status for an unknown API), injected faults, then the action.
// - GetImage: ImageId is required in practice (400 InvalidParams). ImageType
//   defaults to VM and scopes the lookup: a Container image asked for without
//   ImageType=Container (or a VM image with ImageType=Container) is 404
//   ImageNotFound, as is an image outside the given ImageCategory.
//   AdditionalRegionIds narrows AdditionalRegionsInfo to those regions (regions
//   the image was not copied to are left out); without it every stored entry is
//   returned. TotalCount is 1.
// - ListImages: no ImageType = both types; ImageIds/ImageNames are exact-match
//   filters (unknown ids are simply absent); Mode is accepted and ignored (its
//   values are undocumented); PageNumber defaults to 1 (≥ 1), PageSize to 10
//   (1..100; outside that, 400 InvalidParams); a page past the end is empty.
//   Order: CreateTime newest first, ties by ImageId ascending.
// - Repeat-list array parameters (ImageIds.1=…) are rejected with InvalidParams
//   naming them, since the SDK sends this API's arrays JSON-encoded.
// - A parameter given twice (in the query, or in query and body) is 400 InvalidParams.
// - Successes and errors carry `x-acs-request-id`; request ids are upper-case UUIDs.

import { sandboxAlibabaAccount, sandboxAlibabaEnv } from '../alibaba/account.js';
import type { EmulatorDescriptor } from '../descriptor.js';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../emulator.js';
import { newRequestId, popErrorResponse, type AlibabaPopError } from '../alibaba/pop-errors.js';
import { createAcs3Verifier } from '../alibaba/signature.js';
import { ehpcSeedImages } from './seed.js';
import type {
  EhpcAdditionalRegionInfo,
  EhpcGetImageImage,
  EhpcImage,
  EhpcImageCategory,
  EhpcImageInput,
  EhpcImageType,
  EhpcListImagesItem,
} from './types.js';

export * from './types.js';
export {
  EHPC_SEED,
  EHPC_SANDBOX_REGISTRY_PASSWORD,
  EHPC_DOCUMENTED_GET_IMAGE_EXAMPLE,
  ehpcSeedImages,
} from './seed.js';

export const EHPC_API_VERSION = '2023-07-01';
export const EHPC_PRODUCT = 'EhpcInstant';
export const EHPC_ACTIONS = ['GetImage', 'ListImages', 'AddImage', 'RemoveImage'] as const;
export type EhpcAction = (typeof EHPC_ACTIONS)[number];

export const EHPC_LIST_DEFAULT_PAGE_SIZE = 10;
export const EHPC_LIST_MAX_PAGE_SIZE = 100;

/** The error codes GetImage documents, with their documented HTTP status and message. */
export const EHPC_DOCUMENTED_ERRORS = {
  InvalidParams: { status: 400, message: 'The specified parameter %s is invalid.' },
  NotEnabled: { status: 400, message: 'You have not enabled this service.' },
  ImageNotFound: { status: 404, message: 'The specified image does not exist.' },
  ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.' },
  EcsError: { status: 406, message: 'An error occurred while calling the ECS API operation.' },
  AliyunError: { status: 406, message: 'An Alibaba Cloud product error occurred.' },
  DbError: { status: 406, message: 'A database error occurred.' },
  NotAuthorized: { status: 407, message: 'No authorization is granted.' },
} as const;

/** The codes `failNext` can inject. */
export type EhpcFaultCode = Exclude<keyof typeof EHPC_DOCUMENTED_ERRORS, 'ImageNotFound'>;

export interface EhpcEmulatorOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS tokens accepted (as `x-acs-security-token`) with this key. */
  securityTokens?: string[];
  regionId: string;
  /** Start with the seed images (default true). */
  seed?: boolean;
  /** Clock, ms since the epoch (default Date.now): signature dates, nonce memory, AddImage times. */
  now?: () => number;
}

export interface EhpcFailOptions {
  /** Only requests for this action get the fault (default: any action). */
  action?: EhpcAction;
  /** For InvalidParams: the parameter named in the message (default: the request's first parameter). */
  param?: string;
}

export interface EhpcSuccessFalseOptions {
  action?: EhpcAction;
  Code?: string;
  Message?: string;
}

export interface EhpcEmulator extends Emulator {
  readonly service: 'ehpc';
  readonly regionId: string;
  /** The HostId errors carry: `ehpcinstant.{region}.aliyuncs.com`. */
  readonly hostId: string;
  /** Adds or replaces an image (missing fields defaulted: Custom, VM, Name = id, CreateTime = now). */
  seedImage(image: EhpcImageInput): EhpcImage;
  /**
   * Adds `count` deterministic Custom VM images (ids `m-gen` + 17 digits, CreateTime
   * one minute apart from 2021-01-01T00:00:00Z, so all distinct and older than the seeds).
   */
  generateImages(count: number, overrides?: Partial<Omit<EhpcImage, 'ImageId'>>): EhpcImage[];
  /** Every stored image, in ListImages order (copies). */
  images(): EhpcImage[];
  removeImage(imageId: string): boolean;
  clearImages(): void;
  /** The next `times` (default 1) authenticated requests get this documented error. */
  failNext(code: EhpcFaultCode, times?: number, options?: EhpcFailOptions): void;
  /** The next `times` (default 1) authenticated requests get HTTP 200 `{RequestId, Success: false, Code?, Message?}`. */
  successFalseNext(times?: number, options?: EhpcSuccessFalseOptions): void;
  clearFaults(): void;
  /** Forgets every signature nonce seen. */
  resetNonces(): void;
}

type Fault =
  | { kind: 'error'; code: EhpcFaultCode; remaining: number; action?: string; param?: string }
  | { kind: 'successFalse'; remaining: number; action?: string; Code?: string; Message?: string };

class ParamError extends Error {
  constructor(readonly param: string) {
    super(`invalid parameter ${param}`);
  }
}

const ARRAY_PARAMS = ['ImageIds', 'ImageNames', 'AdditionalRegionIds'];
const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const GENERATED_BASE = Date.UTC(2021, 0, 1);

const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** ListImages order: CreateTime newest first, then ImageId ascending. */
function listOrder(a: EhpcImage, b: EhpcImage): number {
  const ta = Date.parse(a.CreateTime);
  const tb = Date.parse(b.CreateTime);
  if (ta !== tb) return (Number.isNaN(tb) ? -Infinity : tb) - (Number.isNaN(ta) ? -Infinity : ta);
  return a.ImageId < b.ImageId ? -1 : a.ImageId > b.ImageId ? 1 : 0;
}

export function createEhpcEmulator(options: EhpcEmulatorOptions): EhpcEmulator {
  const now = options.now ?? Date.now;
  const hostId = `ehpcinstant.${options.regionId}.aliyuncs.com`;
  const verifier = createAcs3Verifier({
    credentials: [
      {
        accessKeyId: options.accessKeyId,
        accessKeySecret: options.accessKeySecret,
        securityTokens: options.securityTokens,
      },
    ],
    now,
  });
  const store = new Map<string, EhpcImage>();
  let faults: Fault[] = [];
  let generated = 0;

  const normalize = (input: EhpcImageInput): EhpcImage => {
    const createTime = input.CreateTime ?? isoSeconds(now());
    return structuredClone({
      ...input,
      ImageId: input.ImageId,
      ImageCategory: input.ImageCategory ?? 'Custom',
      ImageType: input.ImageType ?? 'VM',
      Name: input.Name ?? input.ImageId,
      CreateTime: createTime,
      UpdateTime: input.UpdateTime ?? createTime,
    });
  };
  const put = (input: EhpcImageInput) => {
    const image = normalize(input);
    store.set(image.ImageId, image);
    return structuredClone(image);
  };
  if (options.seed ?? true) for (const image of ehpcSeedImages()) put(image);

  // ----- responses -----
  const ok = (requestId: string, body: Record<string, unknown>): EmulatorResponse => ({
    status: 200,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId },
    body: { RequestId: requestId, ...body },
  });
  const error = (requestId: string, err: AlibabaPopError): EmulatorResponse =>
    popErrorResponse(err, { requestId, hostId, product: EHPC_PRODUCT });
  const documented = (requestId: string, code: keyof typeof EHPC_DOCUMENTED_ERRORS, param?: string) => {
    const { status, message } = EHPC_DOCUMENTED_ERRORS[code];
    return error(requestId, { status, code, message: message.replace('%s', param ?? '') });
  };

  // ----- parameters -----
  const readParams = (request: EmulatorRequest): Map<string, string> => {
    const pairs = [...new URLSearchParams(request.rawQuery)];
    const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
    if (request.body.length > 0 && contentType.startsWith('application/x-www-form-urlencoded')) {
      pairs.push(...new URLSearchParams(request.body.toString('utf8')));
    }
    const params = new Map<string, string>();
    for (const [key, value] of pairs) {
      if (params.has(key)) throw new ParamError(key);
      const repeatList = /^([A-Za-z]+)\.\d+$/.exec(key);
      if (repeatList && ARRAY_PARAMS.includes(repeatList[1])) throw new ParamError(key);
      params.set(key, value);
    }
    return params;
  };
  const optional = (params: Map<string, string>, name: string) => {
    const value = params.get(name);
    return value === undefined || value === '' ? undefined : value;
  };
  const oneOf = <T extends string>(params: Map<string, string>, name: string, allowed: readonly T[]): T | undefined => {
    const value = optional(params, name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw new ParamError(name);
    return value as T;
  };
  const stringArray = (params: Map<string, string>, name: string): string[] | undefined => {
    const value = optional(params, name);
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ParamError(name);
    }
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw new ParamError(name);
    return parsed;
  };
  const integer = (params: Map<string, string>, name: string, fallback: number, min: number, max: number) => {
    const value = optional(params, name);
    if (value === undefined) return fallback;
    if (!/^\d{1,9}$/.test(value)) throw new ParamError(name);
    const n = Number(value);
    if (n < min || n > max) throw new ParamError(name);
    return n;
  };
  const jsonObject = (params: Map<string, string>, name: string): Record<string, unknown> | undefined => {
    const value = optional(params, name);
    if (value === undefined) return undefined;
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new ParamError(name);
  };

  // ----- actions -----
  const CATEGORIES: readonly EhpcImageCategory[] = ['Public', 'Custom'];
  const TYPES: readonly EhpcImageType[] = ['VM', 'Container'];

  const toGetImage = (image: EhpcImage, regions: string[] | undefined): EhpcGetImageImage => {
    let additional: EhpcAdditionalRegionInfo[] | undefined = image.AdditionalRegionsInfo;
    if (regions && additional) {
      const stored = additional;
      additional = regions.flatMap((region) => stored.filter((info) => info.RegionId === region));
    }
    return structuredClone({
      ImageType: image.ImageType,
      AppId: image.AppId,
      Name: image.Name,
      Version: image.Version,
      Description: image.Description,
      Size: image.Size,
      CreateTime: image.CreateTime,
      Status: image.Status,
      ContainerImageSpec: image.ContainerImageSpec,
      VMImageSpec: image.VMImageSpec,
      DocumentInfo: image.DocumentInfo,
      AdditionalRegionsInfo: additional,
    });
  };

  const toListItem = (image: EhpcImage): EhpcListImagesItem => {
    const documentId = image.DocumentInfo?.DocumentId;
    return {
      AppId: image.AppId ?? '',
      CreateTime: image.CreateTime,
      Description: image.Description,
      DocumentId: documentId && /^\d+$/.test(documentId) ? Number(documentId) : undefined,
      ImageId: image.ImageId,
      ImageType: image.ImageType,
      Name: image.Name,
      OsTag: image.ImageType === 'VM' ? image.VMImageSpec?.OsTag : image.ContainerImageSpec?.OsTag,
      UpdateTime: image.UpdateTime ?? image.CreateTime,
      Version: image.Version,
      Weight: image.Weight,
    };
  };

  const getImage = (requestId: string, params: Map<string, string>): EmulatorResponse => {
    const imageId = optional(params, 'ImageId');
    if (imageId === undefined) throw new ParamError('ImageId');
    const category = oneOf(params, 'ImageCategory', CATEGORIES);
    const type = oneOf(params, 'ImageType', TYPES) ?? 'VM';
    const regions = stringArray(params, 'AdditionalRegionIds');
    if (regions && !regions.every((r) => REGION_ID.test(r))) throw new ParamError('AdditionalRegionIds');
    const image = store.get(imageId);
    if (!image || image.ImageType !== type || (category && image.ImageCategory !== category)) {
      return documented(requestId, 'ImageNotFound');
    }
    return ok(requestId, { Success: true, TotalCount: 1, Image: toGetImage(image, regions) });
  };

  const listImages = (requestId: string, params: Map<string, string>): EmulatorResponse => {
    const category = oneOf(params, 'ImageCategory', CATEGORIES);
    const type = oneOf(params, 'ImageType', TYPES);
    const ids = stringArray(params, 'ImageIds');
    const names = stringArray(params, 'ImageNames');
    const pageNumber = integer(params, 'PageNumber', 1, 1, 1_000_000_000);
    const pageSize = integer(params, 'PageSize', EHPC_LIST_DEFAULT_PAGE_SIZE, 1, EHPC_LIST_MAX_PAGE_SIZE);
    const idSet = ids && new Set(ids);
    const nameSet = names && new Set(names);
    const matching = [...store.values()]
      .filter(
        (image) =>
          (!category || image.ImageCategory === category) &&
          (!type || image.ImageType === type) &&
          (!idSet || idSet.has(image.ImageId)) &&
          (!nameSet || nameSet.has(image.Name)),
      )
      .sort(listOrder);
    const start = (pageNumber - 1) * pageSize;
    return ok(requestId, {
      Success: true,
      TotalCount: matching.length,
      PageNumber: pageNumber,
      PageSize: pageSize,
      Images: matching.slice(start, start + pageSize).map(toListItem),
    });
  };

  const randomImageId = (): string => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let id = 'm-';
    for (let i = 0; i < 20; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
    return store.has(id) ? randomImageId() : id;
  };

  const addImage = (requestId: string, params: Map<string, string>): EmulatorResponse => {
    const name = optional(params, 'Name');
    if (name === undefined) throw new ParamError('Name');
    const containerSpec = jsonObject(params, 'ContainerImageSpec');
    const vmSpec = jsonObject(params, 'VMImageSpec');
    const type = oneOf(params, 'ImageType', TYPES) ?? (containerSpec && !vmSpec ? 'Container' : 'VM');
    let imageId: string;
    if (type === 'VM') {
      const ecsId = vmSpec?.ImageId;
      if (typeof ecsId !== 'string' || !/^m-[a-z0-9]+$/.test(ecsId) || store.has(ecsId)) {
        throw new ParamError('VMImageSpec.ImageId');
      }
      imageId = ecsId;
    } else {
      if (!containerSpec || typeof containerSpec.RegistryUrl !== 'string' || containerSpec.RegistryUrl === '') {
        throw new ParamError('ContainerImageSpec.RegistryUrl');
      }
      imageId = randomImageId();
    }
    put({
      ImageId: imageId,
      ImageCategory: 'Custom',
      ImageType: type,
      AppId: '',
      Name: name,
      Version: optional(params, 'ImageVersion') ?? optional(params, 'Version') ?? '',
      Description: optional(params, 'Description') ?? '',
      Size: '',
      Status: '',
      ContainerImageSpec: type === 'Container' ? containerSpec : undefined,
      VMImageSpec: type === 'VM' ? { ...(vmSpec as EhpcImage['VMImageSpec']), ImageId: imageId } : undefined,
    });
    return ok(requestId, { ImageId: imageId, Success: true });
  };

  const removeImage = (requestId: string, params: Map<string, string>): EmulatorResponse => {
    const imageId = optional(params, 'ImageId');
    if (imageId === undefined) throw new ParamError('ImageId');
    const type = oneOf(params, 'ImageType', TYPES) ?? 'VM';
    const image = store.get(imageId);
    if (!image || image.ImageType !== type || image.ImageCategory !== 'Custom') {
      return documented(requestId, 'ImageNotFound');
    }
    store.delete(imageId);
    return ok(requestId, { Success: true });
  };

  const actions: Record<EhpcAction, (requestId: string, params: Map<string, string>) => EmulatorResponse> = {
    GetImage: getImage,
    ListImages: listImages,
    AddImage: addImage,
    RemoveImage: removeImage,
  };

  const takeFault = (action: string): Fault | undefined => {
    const fault = faults.find((f) => f.remaining > 0 && (!f.action || f.action === action));
    if (fault) fault.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return fault;
  };

  const handle = (request: EmulatorRequest): EmulatorResponse => {
    const requestId = newRequestId();
    const verified = verifier.verify(request);
    if (!verified.ok) return error(requestId, verified.error);

    const method = request.method.toUpperCase();
    if (request.rawPath !== '/' || (method !== 'POST' && method !== 'GET')) {
      return error(requestId, {
        status: 404,
        code: 'InvalidAction.NotFound',
        message: 'Specified api is not found, please check your url and method.',
      });
    }
    if (verified.version !== EHPC_API_VERSION) {
      return error(requestId, {
        status: 400,
        code: 'InvalidVersion',
        message: 'Specified parameter Version is not valid.',
      });
    }
    if (!(EHPC_ACTIONS as readonly string[]).includes(verified.action)) {
      return error(requestId, {
        status: 404,
        code: 'InvalidAction.NotFound',
        message: 'Specified api is not found, please check your url and method.',
      });
    }
    const action = verified.action as EhpcAction;

    try {
      const params = readParams(request);
      const fault = takeFault(action);
      if (fault?.kind === 'error') {
        const param = fault.param ?? [...params.keys()].sort()[0] ?? 'Action';
        return documented(requestId, fault.code, param);
      }
      if (fault?.kind === 'successFalse') {
        const body: Record<string, unknown> = { Success: false };
        if (fault.Code !== undefined) body.Code = fault.Code;
        if (fault.Message !== undefined) body.Message = fault.Message;
        return ok(requestId, body);
      }
      return actions[action](requestId, params);
    } catch (e) {
      if (e instanceof ParamError) return documented(requestId, 'InvalidParams', e.param);
      throw e;
    }
  };

  return {
    service: 'ehpc',
    regionId: options.regionId,
    hostId,
    handle,
    seedImage: (image) => put(image),
    generateImages(count, overrides = {}) {
      const out: EhpcImage[] = [];
      for (let i = 0; i < count; i++) {
        generated += 1;
        const n = generated;
        const arch = n % 2 === 0 ? 'aarch64' : 'x86_64';
        out.push(
          put({
            ImageId: `m-gen${String(n).padStart(17, '0')}`,
            ImageCategory: 'Custom',
            ImageType: 'VM',
            AppId: '',
            Name: `generated-image-${n}`,
            Version: `v1.${n}`,
            Description: `Generated image ${n}`,
            Size: `${(n % 50) + 1} GiB`,
            CreateTime: isoSeconds(GENERATED_BASE + n * 60_000),
            Status: 'Available',
            Weight: 0,
            VMImageSpec: {
              ImageId: `m-gen${String(n).padStart(17, '0')}`,
              OsTag: arch === 'aarch64' ? 'Alibaba Cloud Linux 3.2104 LTS 64 bit ARM Edition' : 'CentOS 7.9 64 bit',
              Platform: arch === 'aarch64' ? 'Aliyun' : 'CentOS',
              Architecture: arch,
            },
            ...structuredClone(overrides),
          }),
        );
      }
      return out;
    },
    images: () => [...store.values()].sort(listOrder).map((image) => structuredClone(image)),
    removeImage: (imageId) => store.delete(imageId),
    clearImages: () => store.clear(),
    failNext(code, times = 1, failOptions = {}) {
      if (!Object.hasOwn(EHPC_DOCUMENTED_ERRORS, code) || (code as string) === 'ImageNotFound') {
        throw new Error(`unknown E-HPC fault code ${code}`);
      }
      faults.push({ kind: 'error', code, remaining: times, action: failOptions.action, param: failOptions.param });
    },
    successFalseNext(times = 1, sfOptions = {}) {
      faults.push({
        kind: 'successFalse',
        remaining: times,
        action: sfOptions.action,
        Code: sfOptions.Code,
        Message: sfOptions.Message,
      });
    },
    clearFaults: () => void (faults = []),
    resetNonces: () => verifier.resetNonces(),
  };
}

/** The E-HPC emulator as the sandbox registers it (../registry.ts): an API of the sandbox's Alibaba Cloud account. */
export const ehpc: EmulatorDescriptor<'ehpc', EhpcEmulatorOptions, EhpcEmulator> = {
  name: 'ehpc',
  title: 'E-HPC',
  create: (options) => createEhpcEmulator({ ...sandboxAlibabaAccount(), ...options }),
  env: (url) => ({ EHPC_ENDPOINT: url, ...sandboxAlibabaEnv() }),
};
