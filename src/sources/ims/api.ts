// IMS' native OpenStack image API (Glance v2) over the wire: the documented
// image body, the two calls, and what each error answer means.
//
//   GET /v2/images/{image_id}   Querying Image Details (Native OpenStack API), docs/vendor/002
//   GET /v2/images              list: filters, marker/limit, sort, `id=in:a,b` (Glance)
//
// Not found: IMS answers 404 `{"error":{"code":"IMG.0144"}}`, Glance 404
// `{"code":"404 Not Found",…}` (also for non-UUID ids and for another
// project's private image). Both become null. IMS' page lists 400 for "request
// error"; a 400 carrying IMG.0144 is treated as not found too.

import { upstreamFailure, type UpstreamError } from '../../errors.js';
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

export const PROVIDER = 'IMS';

/**
 * The image body of docs/vendor/002. Glance core fields are typed; Huawei `__`
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

/** A list the endpoint refused because the request line was too long (HTTP 414). */
export class RequestTooLong extends Error {}

/** IMS error codes that mean "the image does not exist". */
const IMAGE_NOT_FOUND_CODES = new Set(['IMG.0144']);

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

  /** The parsed body of a 2xx answer; any other answer becomes an UpstreamError. */
  private successBody(response: UpstreamResponse): unknown {
    if (response.status >= 200 && response.status < 300) return parseJsonBody(response, PROVIDER, this.region);
    const { code, message, requestId } = readHuaweiError(response);
    // Glance's `code` is the HTTP status line ("401 Unauthorized"), not a vendor code.
    const vendorCode = code && !/^\d{3}\b/.test(code) ? code : undefined;
    throw upstreamFailure({
      provider: PROVIDER,
      region: this.region,
      upstreamStatus: response.status,
      vendorCode,
      vendorMessage: message,
      requestId,
      code: huaweiAuthErrorCode(vendorCode),
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
