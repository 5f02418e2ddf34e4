// Emulator of Huawei Cloud IMS' native OpenStack image API (Glance v2 with
// Huawei `__` properties), written from docs/vendor/002-ims-image-details.txt, docs/vendor-notes.md §1 and §3
// and the real-Glance wire behaviour in docs/glance-notes.md. Behind an emulated API
// Gateway: AK/SK `SDK-HMAC-SHA256` signatures or `X-Auth-Token`. The
// operations are in routes.ts, one handler each under handlers/.
//
// Answers, in order of checks
//   request line longer than maxRequestLine → 414 (HTML, as the front proxy answers)
//   no route for method + path              → 404 APIG.0101
//   authentication fails                    → 401 APIG.0301 {error_code, error_msg, request_id}
//   X-Project-Id is not the configured project → 403 APIG.0302
//   image missing / not visible             → 404 {"error":{"code":"IMG.0144","message":"The image does not exist."}}
//   bad parameter or body                   → 400 {"error":{"code":"IMG.0001","message":<Glance's explanation>}}
//   a write the project may not make        → 403 {"error":{"code":"403",…}} (someone else's image, a
//                                             protected one, a read-only or reserved attribute)
//   a client-chosen id that is taken, a PATCH of a property that is not there → 409 {"error":{"code":"409",…}}
//   a PATCH that is not JSON-patch           → 415, with Accept-Patch
// Every answer carries `X-Request-Id` and `X-Openstack-Request-Id` (the 414 only the first).
// The writes (create, PATCH, tags, delete) are the handlers' own files; the
// rules on attributes they share are in glance-properties.ts.

import type { Emulator, EmulatorRequest, EmulatorResponse } from '../emulator.js';
import { apigAdmission, credentialProject, type HuaweiAccountOptions } from '../huawei/api-gateway.js';
import { apigNotFoundResponse, newApigRequestId } from '../huawei/apig-errors.js';
import { BadRequest, badRequest, openstackRequestId, Refused, refusal, requestLineTooLong } from './errors.js';
import type { ImsSettings } from './handler.js';
import { imsRoutes } from './routes.js';
import { createImsStore } from './store.js';
import type { ImsWireImage } from './types.js';

export interface ImsEmulatorOptions extends HuaweiAccountOptions {
  /** The project the credentials are scoped to: owner of the private seed images. */
  projectId: string;
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
  /** The data clock: created_at/updated_at of what is created or changed (default Date.now). */
  now?: () => number;
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

export function createImsEmulator(options: ImsEmulatorOptions): ImsEmulator {
  const maxRequestLine = options.maxRequestLine ?? 8192;
  const store = createImsStore(options.projectId, options.seed ?? true, options.now);
  const settings: ImsSettings = { idInSupported: (options.idInFilter ?? 'supported') === 'supported' };
  const admit = apigAdmission(options);

  function handle(request: EmulatorRequest): EmulatorResponse {
    const requestId = newApigRequestId();
    const target = request.rawQuery ? `${request.rawPath}?${request.rawQuery}` : request.rawPath;
    if (`${request.method} ${target} HTTP/1.1`.length > maxRequestLine) return requestLineTooLong(requestId);
    const route = imsRoutes(request.method, request.rawPath);
    if (!route) return apigNotFoundResponse(requestId, openstackRequestId());
    const refused = admit(request, requestId);
    if (refused) return refused;
    try {
      // Glance answers as the token's project sees the images.
      const view = store.as(credentialProject(options, request));
      return route.handler({ request, params: route.params, requestId, store: view, settings });
    } catch (error) {
      if (error instanceof BadRequest) return badRequest(error, requestId);
      if (error instanceof Refused) return refusal(error, requestId);
      throw error;
    }
  }

  return {
    service: 'ims',
    projectId: options.projectId,
    handle,
    seedImage: (image) => void store.put(image),
    generateImages: (count, overrides = {}) => store.generate(count, overrides),
    images: () => store.all().map((image) => structuredClone(image)),
    image: (id) => {
      const image = store.get(id);
      return image ? structuredClone(image) : undefined;
    },
  };
}
