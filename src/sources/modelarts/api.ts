// ModelArts image management over the wire: the documented request and
// response bodies, the calls, and what each error answer means.
//
//   GET  /v1/{project_id}/images/{id}                     Obtaining Details of an Image
//   GET  /v1/{project_id}/images                          ListImage (offset/limit)
//   POST /v1/{project_id}/images                          Registering a Custom Image
//   POST /v1/{project_id}/notebooks/{id}/create-image     Saving a Running Instance as an Image
//   DELETE /v1/{project_id}/images/{id}[?force=true]      DeleteImage (docs/vendor-writes.md §1)
//   POST /v1/{project_id}/images/{id}/sync                SyncImage: corrects an abnormal status
//
// Not found: the API page lists HTTP 404, but the live API answers a missing
// image with HTTP 400 and `ModelArts.6404` (the Terraform provider converts
// it). Both mean "no such image": null for a read, NOT_FOUND for a write.
// The writes are not idempotent, so the client never repeats them.

import { ErrorCode, GatewayError, upstreamFailure, type UpstreamError } from '../../errors.js';
import {
  badResponseError,
  buildPath,
  headerValue,
  parseJsonBody,
  type CallScope,
  type UpstreamCall,
  retryAfterSeconds,
  type UpstreamClient,
  type UpstreamResponse,
} from '../../upstream/index.js';
import { huaweiAuthErrorCode, readHuaweiError } from '../huawei/errors.js';

export const PROVIDER = 'MODELARTS';

/** The image body, as in "Obtaining Details of an Image" (and the other two pages' responses). */
export interface ModelArtsImageWire {
  arch?: string;
  create_at?: number;
  description?: string;
  dev_services?: string[];
  id: string;
  name?: string;
  namespace?: string;
  origin?: string;
  resource_categories?: string[];
  service_type?: string;
  size?: number;
  status?: string;
  status_message?: string;
  support_res_categories?: string[];
  swr_path?: string;
  tag?: string;
  type?: string;
  update_at?: number;
  visibility?: string;
  workspace_id?: string;
}

/** ListImage's response. */
interface ModelArtsImageListWire {
  current?: number;
  data: ModelArtsImageWire[];
  pages?: number;
  size?: number;
  total?: number;
}

/** Registering a Custom Image: the request body. */
interface RegisterImageRequestWire {
  arch?: string;
  description?: string;
  origin?: string;
  resource_category?: string[];
  service_type?: string;
  services?: string[];
  swr_path?: string;
  visibility?: string;
  workspace_id?: string;
}

/** Saving a Running Instance as a Container Image: the request body. */
interface CreateImageRequestWire {
  description?: string;
  name?: string;
  namespace?: string;
  tag?: string;
  workspace_id?: string;
}

/** ListImage query parameters. */
interface ListImagesQueryWire {
  limit?: number;
  offset?: number;
  name?: string;
  name_fuzzy_match?: boolean;
  namespace?: string;
  service_type?: string;
  sort_dir?: 'ASC' | 'DESC';
  sort_key?: string;
  type?: string;
  workspace_id?: string;
}

/** Error codes that mean "the image does not exist". */
const IMAGE_NOT_FOUND_CODES = new Set(['ModelArts.6404']);

/** NOT_FOUND for a write on an image that does not exist, with ModelArts' code when an answer said so. */
export function imageNotFound(what: {
  id: string;
  region: string;
  field: string;
  response?: UpstreamResponse;
}): GatewayError {
  const vendor = what.response ? readHuaweiError(what.response) : undefined;
  return new GatewayError(`no ModelArts image ${what.id} exists (any more)`, {
    code: ErrorCode.NOT_FOUND,
    provider: PROVIDER,
    region: what.region || undefined,
    vendorCode: vendor?.code,
    requestId: vendor?.requestId,
    upstreamStatus: what.response?.status,
    field: what.field,
  });
}

/** The calls, made on behalf of one scope (a GraphQL request, or a page of a listing). */
export class ModelArtsApi {
  constructor(
    private readonly client: UpstreamClient,
    private readonly region: string,
    private readonly scope: CallScope = {},
  ) {}

  /** The same API, its calls made on behalf of `scope`. */
  within(scope: CallScope): ModelArtsApi {
    return new ModelArtsApi(this.client, this.region, scope);
  }

  private send(call: UpstreamCall): Promise<UpstreamResponse> {
    return this.client.request(call, this.scope);
  }

  /** The image, or null when ModelArts says it does not exist. */
  async getImage(projectId: string, id: string): Promise<ModelArtsImageWire | null> {
    const response = await this.send({
      method: 'GET',
      path: buildPath(['v1', projectId, 'images', id]),
      headers: { 'X-Project-Id': projectId },
      operation: 'ShowImage',
    });
    if (this.isImageNotFound(response)) return null;
    return this.imageFrom(response);
  }

  /**
   * Deletes an image (`force`: its SWR content too). The deleted image when
   * ModelArts answers one (200, status DELETED), null when it answers none
   * (204); NOT_FOUND naming `field` when the image does not exist.
   */
  async deleteImage(projectId: string, id: string, force: boolean, field: string): Promise<ModelArtsImageWire | null> {
    const response = await this.send({
      method: 'DELETE',
      path: buildPath(['v1', projectId, 'images', id], field),
      query: force ? { force: true } : undefined,
      headers: { 'X-Project-Id': projectId },
      operation: 'DeleteImage',
    });
    if (this.isImageNotFound(response)) throw imageNotFound({ id, region: this.region, field, response });
    if (response.status >= 200 && response.status < 300 && response.text.trim() === '') return null;
    return this.imageFrom(response);
  }

  /** Asks ModelArts to correct the image's status; the image as it answers. NOT_FOUND naming `field` when missing. */
  async syncImage(projectId: string, id: string, field: string): Promise<ModelArtsImageWire> {
    const response = await this.send({
      method: 'POST',
      path: buildPath(['v1', projectId, 'images', id, 'sync'], field),
      headers: { 'X-Project-Id': projectId },
      operation: 'SyncImage',
    });
    if (this.isImageNotFound(response)) throw imageNotFound({ id, region: this.region, field, response });
    return this.imageFrom(response);
  }

  async listImages(projectId: string, query: ListImagesQueryWire): Promise<ModelArtsImageListWire> {
    const response = await this.send({
      method: 'GET',
      path: buildPath(['v1', projectId, 'images']),
      query: { ...query },
      headers: { 'X-Project-Id': projectId },
      operation: 'ListImage',
    });
    const body = this.successBody(response) as Partial<ModelArtsImageListWire>;
    if (!Array.isArray(body?.data)) throw this.badResponse(response, 'a list without `data`');
    return body as ModelArtsImageListWire;
  }

  async registerImage(projectId: string, request: RegisterImageRequestWire): Promise<ModelArtsImageWire> {
    const response = await this.send({
      method: 'POST',
      path: buildPath(['v1', projectId, 'images']),
      json: request,
      headers: { 'X-Project-Id': projectId },
      operation: 'RegisterImage',
    });
    return this.imageFrom(response);
  }

  async createImageFromNotebook(
    projectId: string,
    notebookId: string,
    request: CreateImageRequestWire,
  ): Promise<ModelArtsImageWire> {
    const response = await this.send({
      method: 'POST',
      path: buildPath(['v1', projectId, 'notebooks', notebookId, 'create-image'], 'input.notebookId'),
      json: request,
      headers: { 'X-Project-Id': projectId },
      operation: 'CreateImage',
    });
    return this.imageFrom(response, 'input.notebookId');
  }

  // Private: reading answers.

  /**
   * A 404 without a vendor code (the API page), or ModelArts.6404 on 404 or 400
   * (the live API). A 404 from API Gateway itself (APIG.0101: no such API, a
   * wrong endpoint) is an error, not a missing image.
   */
  private isImageNotFound(response: UpstreamResponse): boolean {
    if (response.status !== 404 && response.status !== 400) return false;
    const { code } = readHuaweiError(response);
    return code ? IMAGE_NOT_FOUND_CODES.has(code) : response.status === 404;
  }

  private imageFrom(response: UpstreamResponse, notFoundField?: string): ModelArtsImageWire {
    const body = this.successBody(response, notFoundField) as Partial<ModelArtsImageWire>;
    if (!body || typeof body !== 'object' || typeof body.id !== 'string' || body.id === '') {
      throw this.badResponse(response, 'an image without an `id`');
    }
    return body as ModelArtsImageWire;
  }

  /** The parsed body of a 2xx answer; any other answer becomes an UpstreamError. */
  private successBody(response: UpstreamResponse, notFoundField?: string): unknown {
    if (response.status >= 200 && response.status < 300) return parseJsonBody(response, PROVIDER, this.region);
    const { code, message, requestId } = readHuaweiError(response);
    const notebookMissing = code === 'ModelArts.6309' || (response.status === 404 && notFoundField);
    throw upstreamFailure({
      provider: PROVIDER,
      region: this.region,
      upstreamStatus: response.status,
      vendorCode: code,
      vendorMessage: message,
      requestId,
      code: huaweiAuthErrorCode(code) ?? (notebookMissing ? ErrorCode.BAD_USER_INPUT : undefined),
      field: notebookMissing ? notFoundField : undefined,
      retryAfter: retryAfterSeconds(response),
    });
  }

  private badResponse(response: UpstreamResponse, what: string): UpstreamError {
    return badResponseError(
      response,
      { provider: PROVIDER, region: this.region, requestId: headerValue(response, 'x-request-id') },
      what,
    );
  }
}
