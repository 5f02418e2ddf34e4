// Emulator of the Huawei Cloud ModelArts image API, written from the vendor
// pages (docs/vendor/000-modelarts-image-details.txt, 001, 004) and docs/vendor-notes.md §1–2. It sits behind an
// emulated API Gateway: AK/SK `SDK-HMAC-SHA256` signatures or `X-Auth-Token`.
// The operations are in routes.ts, one handler each under handlers/.
//
// Answers, in order of checks
//   no route for method + path  → 404 APIG.0101 (APIG answers before authenticating)
//   authentication fails        → 401 APIG.0301 {error_code, error_msg, request_id}
//   {project_id} (or X-Project-Id) is not the configured project
//                               → 403 APIG.0302 "The IAM user is not authorized to access the API"
//                                 (the credential is not scoped to that project; a choice — the pages
//                                 list 403 but do not say which code)
//   image not found             → 400 (default, as the live API) or 404, {"error_code":"ModelArts.6404"}
//   deleting a built-in image   → 403 ModelArts.6407 (see handlers/delete-image.ts)
//   notebook not found          → 400 ModelArts.6309 "The instance does not exist."
//   bad parameter / bad JSON    → 400 ModelArts.0104 "Parameter error: …"
//   unsupported sort key        → 400 ModelArts.6303 "The field does not support sorting."
// Every answer carries `X-Request-Id`; ModelArts' own errors are `{error_code, error_msg}`
// (only APIG-level errors add `request_id`).

import type { Emulator, EmulatorRequest, EmulatorResponse } from '../emulator.js';
import { apigAdmission, credentialProject, type HuaweiAccountOptions } from '../huawei/api-gateway.js';
import { apigNotFoundResponse, newApigRequestId } from '../huawei/apig-errors.js';
import { ParameterError, parameterError } from './errors.js';
import type { ModelArtsSettings } from './handler.js';
import { modelArtsRoutes } from './routes.js';
import { createModelArtsStore, type ModelArtsStore } from './store.js';
import type { ModelArtsNotebook, ModelArtsWireImage } from './types.js';

export interface ModelArtsEmulatorOptions extends HuaweiAccountOptions {
  /** The only project the credentials are scoped to: `{project_id}` must equal it. */
  projectId: string;
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
  /** How a delete is answered: 200 with the deleted image (default) or 204 with no body; the page allows both. */
  deleteAnswer?: 'http200' | 'http204';
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
  /**
   * Another project of the account (one a `projectTokens` token is scoped
   * to): its own images, none seeded, seen only through its tokens.
   */
  inProject(projectId: string): Pick<ModelArtsEmulator, 'seedImage' | 'images' | 'image'>;
  /** SWR paths whose content forced deletes (`force=true` / `is_force`) removed with the image, in order. */
  deletedSwrContent(): string[];
}

export function createModelArtsEmulator(options: ModelArtsEmulatorOptions): ModelArtsEmulator {
  const storeOptions = {
    now: options.now ?? Date.now,
    saveDelaysMs: options.saveDelaysMs ?? { creating: 1500, active: 3000 },
  };
  const store = createModelArtsStore({ ...storeOptions, seed: options.seed ?? true });
  // Each other project of the account has its own images (ModelArts images live in a project).
  const projects = new Map<string, ModelArtsStore>([[options.projectId, store]]);
  const storeOf = (projectId: string): ModelArtsStore => {
    if (!projects.has(projectId)) projects.set(projectId, createModelArtsStore({ ...storeOptions, seed: false }));
    return projects.get(projectId)!;
  };
  const settings: ModelArtsSettings = {
    notFoundStatus: options.notFoundStyle === 'http404' ? 404 : 400,
    swrDomain: options.swrDomain ?? 'swr.cn-north-4.myhuaweicloud.com',
    deleteAnswer: options.deleteAnswer ?? 'http200',
  };
  const admit = apigAdmission(options);

  function handle(request: EmulatorRequest): EmulatorResponse {
    const requestId = newApigRequestId();
    const route = modelArtsRoutes(request.method, request.rawPath);
    if (!route) return apigNotFoundResponse(requestId);
    const refused = admit(request, requestId, route.params.project_id);
    if (refused) return refused;
    try {
      // Admitted: the path's project is the credential's.
      const projectStore = storeOf(credentialProject(options, request));
      return route.handler({ request, params: route.params, requestId, store: projectStore, settings });
    } catch (error) {
      if (error instanceof ParameterError) return parameterError(error.message, requestId);
      throw error;
    }
  }

  return {
    service: 'modelarts',
    projectId: options.projectId,
    handle,
    seedImage: (image) => store.put(image),
    seedNotebook: (id, spec = {}) => store.putNotebook({ id, ...spec }),
    generateImages: (count, overrides = {}) => store.generate(count, overrides),
    images: () => store.images(),
    image: (id) => store.image(id),
    notebookIds: () => store.notebookIds(),
    inProject(projectId) {
      const other = storeOf(projectId);
      return { seedImage: (image) => other.put(image), images: () => other.images(), image: (id) => other.image(id) };
    },
    deletedSwrContent: () => store.deletedSwrContent(),
  };
}
