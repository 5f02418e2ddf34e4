// Emulator of the Alibaba Cloud E-HPC Instant image API (product EhpcInstant,
// API version 2023-07-01), speaking its real wire format:
//
//   POST / (GET accepted too) on ehpcinstant.{region}.aliyuncs.com
//   x-acs-action: GetImage | ListImages | AddImage | RemoveImage   (routes.ts)
//   x-acs-version: 2023-07-01
//   Authorization: ACS3-HMAC-SHA256 …   (verified, see ../alibaba/signature.ts)
//   business parameters in the query string (a form body is read too), arrays
//   and structs JSON-encoded: ImageIds=["m-1","m-2"], VMImageSpec={"ImageId":"m-1"}
//
// Written from the vendor's GetImage page (docs/vendor/003-ehpc-get-image.txt), the generated
// SDK's models (aliyun/alibabacloud-typescript-sdk ehpcinstant-20230701) and
// the notes in docs/vendor-notes.md §4–5. Nothing here is imported from the
// gateway. What each action does where the vendor documents nothing is said
// beside its handler (handlers/); the gateway must not rely on more.
//
// Checks run in this order: signature (POP errors), path and method, version
// (400 InvalidVersion), action (404 InvalidAction.NotFound, the POP gateway's
// status for an unknown API), parameters (a parameter given twice, in the
// query or in query and body, is 400 InvalidParams), injected faults, then the
// action. Successes and errors carry `x-acs-request-id`; request ids are
// upper-case UUIDs.

import { newRequestId } from '../alibaba/pop-errors.js';
import { createAcs3Verifier } from '../alibaba/signature.js';
import type { Emulator, EmulatorRequest, EmulatorResponse } from '../emulator.js';
import { apiNotFound, documentedError, ehpcError, invalidVersion, ParamError } from './errors.js';
import { createEhpcFaults, type EhpcFailOptions, type EhpcFaultCode, type EhpcSuccessFalseOptions } from './faults.js';
import { readParams } from './params.js';
import { EHPC_API_VERSION, ehpcActions, isEhpcAction, type EhpcAction } from './routes.js';
import { createEhpcStore } from './store.js';
import type { EhpcImage, EhpcImageInput } from './types.js';

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
  /** Marks an image as used by a job (RemoveImage then answers 403 ImageInUse), or no longer used. */
  setImageInUse(imageId: string, inUse?: boolean): void;
  /** The next `times` (default 1) authenticated requests get this documented error. */
  failNext(code: EhpcFaultCode, times?: number, options?: EhpcFailOptions<EhpcAction>): void;
  /** The next `times` (default 1) authenticated requests get HTTP 200 `{RequestId, Success: false, Code?, Message?}`. */
  successFalseNext(times?: number, options?: EhpcSuccessFalseOptions<EhpcAction>): void;
  clearFaults(): void;
  /** Forgets every signature nonce seen. */
  resetNonces(): void;
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
  const store = createEhpcStore(now, options.seed ?? true);
  const faults = createEhpcFaults();

  const handle = (request: EmulatorRequest): EmulatorResponse => {
    const context = { requestId: newRequestId(), hostId };
    const verified = verifier.verify(request);
    if (!verified.ok) return ehpcError(context, verified.error);
    const method = request.method.toUpperCase();
    if (request.rawPath !== '/' || (method !== 'POST' && method !== 'GET')) return apiNotFound(context);
    if (verified.version !== EHPC_API_VERSION) return invalidVersion(context);
    if (!isEhpcAction(verified.action)) return apiNotFound(context);
    const action = verified.action;
    try {
      const params = readParams(request);
      return faults.answer(context, action, params) ?? ehpcActions[action]({ ...context, params, store });
    } catch (e) {
      if (e instanceof ParamError) return documentedError(context, 'InvalidParams', e.param);
      throw e;
    }
  };

  return {
    service: 'ehpc',
    regionId: options.regionId,
    hostId,
    handle,
    seedImage: (image) => store.put(image),
    generateImages: (count, overrides = {}) => store.generate(count, overrides),
    images: () => store.all().map((image) => structuredClone(image)),
    removeImage: (imageId) => store.remove(imageId),
    clearImages: () => store.clear(),
    setImageInUse: (imageId, inUse = true) => store.setInUse(imageId, inUse),
    failNext: (code, times = 1, failOptions = {}) => faults.failNext(code, times, failOptions),
    successFalseNext: (times = 1, sfOptions = {}) => faults.successFalseNext(times, sfOptions),
    clearFaults: () => faults.clear(),
    resetNonces: () => verifier.resetNonces(),
  };
}
