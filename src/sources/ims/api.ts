// IMS' native OpenStack image API (Glance v2) over the wire: the documented
// image body, the calls, and what each error answer means.
//
//   GET    /v2/images/{image_id}             Querying Image Details (Native OpenStack API), docs/vendor/002-ims-image-details.txt
//   GET    /v2/images                        list: filters, marker/limit, sort, `id=in:a,b` (Glance)
//   POST   /v2/images                        Creating Image Metadata → 201, status queued
//   PATCH  /v2/images/{image_id}             Updating Image Information, a v2.1 JSON-patch → 200
//   PUT    /v2/images/{image_id}/tags/{tag}  Adding a Tag → 204
//   DELETE /v2/images/{image_id}/tags/{tag}  Deleting a Tag → 204
//   DELETE /v2/images/{image_id}             Deleting an Image → 204
//
// Not found: IMS answers 404 `{"error":{"code":"IMG.0144"}}`, Glance 404
// `{"code":"404 Not Found",…}` (also for non-UUID ids and for another
// project's private image). A read makes it null, a write NOT_FOUND. IMS'
// page lists 400 for "request error"; a 400 carrying IMG.0144 is treated as
// not found too.
//
// Writes are never repeated after a failure (a POST or PATCH that got no
// answer may have been carried out), with one exception: adding a tag, which
// has the same effect and the same answer (204) however often it is sent.
// Removing a tag or an image has the same effect too, but not the same
// answer: a repeat after a lost 204 would be a 404, and the caller would be
// told "not found" about what was just done. Those are sent once.
//
// Write refusals: 403 FORBIDDEN (a protected image, someone else's, a public
// image a member may not create), 409 CONFLICT (an id already taken, a
// property that is not there to replace or remove), 400 BAD_USER_INPUT, and
// 415, which can only mean the gateway sent the wrong media type: an
// internal error. Glance's explanation (its `message`, after the HTML status
// line) becomes the error's vendor message.

import { ErrorCode, GatewayError, upstreamFailure, UpstreamError } from '../../errors.js';
import {
  badResponseError,
  buildPath,
  encodePathSegment,
  headerValue,
  parseJsonBody,
  type CallScope,
  type UpstreamCall,
  retryAfterSeconds,
  type UpstreamClient,
  type UpstreamResponse,
} from '../../upstream/index.js';
import { huaweiAuthErrorCode, readHuaweiError } from '../huawei/errors.js';

export const PROVIDER = 'IMS';

/**
 * The image body of docs/vendor/002-ims-image-details.txt. Glance core fields are typed; Huawei `__`
 * properties and any other property sit top-level beside them, as strings.
 */
export interface ImsImageWire {
  id: string;
  file?: string;
  owner?: string | null;
  size?: number | null;
  self?: string;
  schema?: string;
  status?: string;
  tags?: string[];
  visibility?: string;
  name?: string | null;
  checksum?: string | null;
  protected?: boolean;
  container_format?: string | null;
  min_ram?: number;
  /** Documented as String (a property on Glance). */
  max_ram?: string | number;
  updated_at?: string;
  disk_format?: string | null;
  created_at?: string;
  virtual_size?: number | null;
  min_disk?: number;
  [property: string]: unknown;
}

/** `GET /v2/images` body. */
interface ImsImageListWire {
  images: ImsImageWire[];
  first?: string;
  next?: string;
  schema?: string;
}

/** `GET /v2/images` query parameters this source sends. */
export interface ImsListQuery {
  id?: string;
  limit?: number;
  marker?: string;
  sort_key?: string;
  sort_dir?: 'asc' | 'desc';
  status?: string;
  visibility?: string;
  created_at?: string;
}

/** `POST /v2/images` body: Glance's fields and any custom property (a string) top-level. */
export interface ImsCreateImageWire {
  id?: string;
  name: string;
  __description?: string;
  __os_version?: string;
  disk_format?: string;
  container_format?: string;
  min_disk?: number;
  min_ram?: number;
  protected?: boolean;
  visibility?: string;
  tags?: string[];
  [property: string]: unknown;
}

/** One operation of a v2.1 JSON-patch (`application/openstack-images-v2.1-json-patch`). */
export interface ImsPatchOperationWire {
  op: 'add' | 'replace' | 'remove';
  /** A JSON pointer to one attribute: `/name`, `/__description`, `/hw_disk_bus`. */
  path: string;
  value?: string;
}

const JSON_PATCH = 'application/openstack-images-v2.1-json-patch';

/** What a write's refusal is about: the input fields to name. */
interface WriteFields {
  /** The field naming what a 404 says is missing (`input.id`). */
  notFound?: string;
  /** The field a 409 is about (`input.id` on create, `input.removeProperties` on update). */
  conflict?: string;
}

/** A list the endpoint refused because the request line was too long (HTTP 414). */
export class RequestTooLong extends Error {}

/** IMS error codes that mean "the image does not exist". */
const IMAGE_NOT_FOUND_CODES = new Set(['IMG.0144']);
/** API Gateway's 404 "The API does not exist or has not been published": a wrong endpoint or a retired call. */
const UNPUBLISHED_API_CODES = new Set(['APIG.0101', 'APIGW.0101']);

/** The calls, made on behalf of one scope (a GraphQL request, or a page of a listing). */
export class ImsApi {
  constructor(
    private readonly client: UpstreamClient,
    private readonly region: string,
    private readonly scope: CallScope = {},
  ) {}

  /** The same API, its calls made on behalf of `scope`. */
  within(scope: CallScope): ImsApi {
    return new ImsApi(this.client, this.region, scope);
  }

  private send(call: UpstreamCall): Promise<UpstreamResponse> {
    return this.client.request(call, this.scope);
  }

  /** The image, or null when the endpoint says it does not exist (or is not visible). */
  async getImage(id: string): Promise<ImsImageWire | null> {
    const response = await this.send({
      method: 'GET',
      path: buildPath(['v2', 'images', id]),
      operation: 'ShowImage',
    });
    if (response.status === 404) return null;
    if (response.status === 400 && IMAGE_NOT_FOUND_CODES.has(readHuaweiError(response).code ?? '')) return null;
    const body = this.successBody(response) as Partial<ImsImageWire>;
    if (!isImage(body)) throw this.badResponse(response, 'an image without an `id`');
    return body as ImsImageWire;
  }

  /** One page of `GET /v2/images`. Throws RequestTooLong on 414 (the caller splits the id list). */
  async listImages(query: ImsListQuery): Promise<ImsImageListWire> {
    const response = await this.send({
      method: 'GET',
      path: '/v2/images',
      query: { ...query },
      operation: 'ListImages',
    });
    if (response.status === 414) throw new RequestTooLong(`${PROVIDER} answered 414 to a list`);
    const body = this.successBody(response) as Partial<ImsImageListWire>;
    if (!body || typeof body !== 'object' || !Array.isArray(body.images) || !body.images.every(isImage)) {
      throw this.badResponse(response, 'a list without an `images` array of images');
    }
    return body as ImsImageListWire;
  }

  /** Creates an image's metadata; returns the id of the image created. */
  async createImage(request: ImsCreateImageWire): Promise<string> {
    const response = await this.send({ method: 'POST', path: '/v2/images', json: request, operation: 'CreateImage' });
    const body = this.writeAnswer(response, { conflict: 'input.id' }) as Partial<ImsImageWire>;
    if (!isImage(body)) throw this.badResponse(response, 'a created image without an `id`');
    return (body as ImsImageWire).id;
  }

  /** Applies a JSON-patch to an image. */
  async updateImage(id: string, patch: readonly ImsPatchOperationWire[]): Promise<void> {
    const response = await this.send({
      method: 'PATCH',
      path: buildPath(['v2', 'images', id], 'input.id'),
      json: patch,
      headers: { 'content-type': JSON_PATCH },
      operation: 'UpdateImage',
    });
    this.writeAnswer(response, { notFound: 'input.id', conflict: 'input.removeProperties' });
  }

  /** Adds a tag (a tag the image has already changes nothing). */
  async addTag(id: string, tag: string): Promise<void> {
    const response = await this.send({
      method: 'PUT',
      path: this.tagPath(id, tag),
      idempotent: true,
      operation: 'AddImageTag',
    });
    this.writeAnswer(response, { notFound: 'input.id' });
  }

  /**
   * Removes a tag. False when the endpoint answers 404: the image does not
   * exist, or has no such tag (Glance says which only in prose).
   */
  async removeTag(id: string, tag: string): Promise<boolean> {
    const response = await this.send({ method: 'DELETE', path: this.tagPath(id, tag), operation: 'RemoveImageTag' });
    if (this.saysNotFound(response)) return false;
    this.writeAnswer(response, {});
    return true;
  }

  /** Deletes an image. */
  async deleteImage(id: string): Promise<void> {
    const response = await this.send({
      method: 'DELETE',
      path: buildPath(['v2', 'images', id], 'input.id'),
      operation: 'DeleteImage',
    });
    // Gone between the read and the DELETE: still the client's `input.id`.
    this.writeAnswer(response, { notFound: 'input.id' });
  }

  // Private: reading answers.

  private tagPath(id: string, tag: string): string {
    return `${buildPath(['v2', 'images', id], 'input.id')}/tags/${encodePathSegment(tag, 'input.tag')}`;
  }

  /** A write's "no such image" (or tag): 404, or IMS' 400 IMG.0144; not API Gateway's 404 for an unpublished API. */
  private saysNotFound(response: UpstreamResponse): boolean {
    const { code } = readHuaweiError(response);
    if (response.status === 404) return !UNPUBLISHED_API_CODES.has(code ?? '');
    return response.status === 400 && IMAGE_NOT_FOUND_CODES.has(code ?? '');
  }

  /** The parsed body of a 2xx answer to a write (undefined when empty); any other answer becomes an error. */
  private writeAnswer(response: UpstreamResponse, fields: WriteFields): unknown {
    if (response.status >= 200 && response.status < 300) {
      return response.text.trim() === '' ? undefined : parseJsonBody(response, PROVIDER, this.region);
    }
    if (response.status === 415) {
      throw new UpstreamError(`${PROVIDER} refused the media type of the gateway's request (HTTP 415): a gateway bug`, {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        provider: PROVIDER,
        region: this.region || undefined,
        upstreamStatus: 415,
      });
    }
    if (this.saysNotFound(response)) throw this.failure(response, ErrorCode.NOT_FOUND, fields.notFound);
    if (response.status === 409) throw this.failure(response, ErrorCode.CONFLICT, fields.conflict);
    throw this.failure(response);
  }

  /** The parsed body of a 2xx answer; any other answer becomes an UpstreamError. */
  private successBody(response: UpstreamResponse): unknown {
    if (response.status >= 200 && response.status < 300) return parseJsonBody(response, PROVIDER, this.region);
    throw this.failure(response);
  }

  /** The UpstreamError for an error answer, classified by its status unless `code` says otherwise. */
  private failure(response: UpstreamResponse, code?: ErrorCode, field?: string): UpstreamError {
    const { code: wireCode, message, requestId } = readHuaweiError(response);
    // Glance's `code` is the HTTP status line ("401 Unauthorized"), not a vendor code.
    const vendorCode = wireCode && !/^\d{3}\b/.test(wireCode) ? wireCode : undefined;
    return upstreamFailure({
      provider: PROVIDER,
      region: this.region,
      upstreamStatus: response.status,
      vendorCode,
      vendorMessage: glanceExplanation(response) ?? message,
      requestId,
      code: huaweiAuthErrorCode(vendorCode) ?? code,
      field,
      retryAfter: retryAfterSeconds(response),
    });
  }

  private badResponse(response: UpstreamResponse, what: string): UpstreamError {
    return badResponseError(
      response,
      {
        provider: PROVIDER,
        region: this.region,
        requestId: headerValue(response, 'x-request-id') ?? headerValue(response, 'x-openstack-request-id'),
      },
      what,
    );
  }
}

function isImage(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { id?: unknown }).id === 'string' &&
    (value as { id: string }).id !== ''
  );
}

/**
 * Glance's explanation from its JSON error body: `message` is the HTML status
 * line and the reason, "403 Forbidden<br /><br />Image … is protected and
 * cannot be deleted.": the reason alone. Undefined when there is none.
 */
function glanceExplanation(response: UpstreamResponse): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return undefined;
  }
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return undefined;
  const reason = message
    .split(/<br\s*\/?>/i)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !/^\d{3}\b/.test(part))
    .join(' ');
  return reason || undefined;
}

/** NOT_FOUND for what a mutation acts on, when the gateway itself found it missing. */
export function imsNotFound(message: string, region: string, field?: string): GatewayError {
  return new GatewayError(message, {
    code: ErrorCode.NOT_FOUND,
    provider: PROVIDER,
    region: region || undefined,
    field,
  });
}
