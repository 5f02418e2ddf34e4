// E-HPC Instant (API 2023-07-01) over the wire: RPC style, `POST /` with the
// action and version in `x-acs-action`/`x-acs-version`, business parameters in
// the query string, arrays and objects JSON-encoded (`ImageIds=["m-1","m-2"]`,
// `VMImageSpec={"ImageId":"m-1"}`, the SDK's "json" style), JSON answers.
// GetImage and ListImages are reads though they are POSTs, so the client may
// retry them (each attempt is signed with a fresh nonce); AddImage and
// RemoveImage are writes and are sent once.
//
// What an answer means (docs/vendor/003-ehpc-get-image.txt error table, docs/vendor-notes.md §4, docs/vendor-writes.md §3):
//
//   HTTP  Code                          → extensions.code
//   404   ImageNotFound                 → null (a read), NOT_FOUND (RemoveImage), BAD_USER_INPUT (AddImage:
//                                         the ECS image to add does not exist)
//   400   InvalidParams (MissingParameter, InvalidParameter*)   → BAD_USER_INPUT
//   400   ImageAlreadyExists            → BAD_USER_INPUT (AddImage of an image added already)
//   400   NotEnabled                    → FORBIDDEN (the service is not enabled for the account)
//   403   ImageInUse                    → FORBIDDEN (RemoveImage of an image jobs still use)
//   407   NotAuthorized                 → FORBIDDEN (E-HPC's status for "no authorization")
//   503   ServiceUnavailable            → UPSTREAM_UNAVAILABLE (the vendor calls it temporary; retried first)
//   406   EcsError / AliyunError / DbError → UPSTREAM_ERROR: a failure behind E-HPC that the
//         vendor does not call temporary, so the gateway neither retries it nor tells the
//         client to (UPSTREAM_UNAVAILABLE would); vendorCode says which.
//   4xx   SignatureDoesNotMatch, IncompleteSignature, InvalidAccessKeyId.*, SignatureNonceUsed,
//         InvalidTimeStamp.*, InvalidSecurityToken.*     → UNAUTHENTICATED
//   403   Forbidden*, NoPermission*     → FORBIDDEN
//   any   Throttling*                   → RATE_LIMITED
//   200   Success: false                → UPSTREAM_ERROR, or the row of its Code when it is one above
//   other → by HTTP status (src/errors.ts), except that an unknown 400/404 is UPSTREAM_ERROR:
//         for this API they mean a gateway-side mistake (InvalidVersion, InvalidAction.NotFound),
//         not the caller's input.
//   a body that is not JSON, or a success without `Image`/`Images`/`ImageId` → UPSTREAM_BAD_RESPONSE.

import { ErrorCode, upstreamFailure, type UpstreamError } from '../../errors.js';
import {
  badResponseError,
  headerValue,
  type CallScope,
  type QueryParams,
  retryAfterSeconds,
  type UpstreamClient,
  type UpstreamResponse,
} from '../../upstream/index.js';

export const PROVIDER = 'EHPC';
const EHPC_API_VERSION = '2023-07-01';
/** ListImages' largest PageSize (the SDK page lists none; 100 is what Alibaba's list APIs and the sandbox accept). */
export const LIST_MAX_PAGE_SIZE = 100;

export interface EhpcRegistryCredentialWire {
  Server?: string;
  UserName?: string;
  /** A secret: read only to say whether one is set; never mapped, logged or returned. */
  Password?: string;
}

export interface EhpcContainerImageSpecWire {
  RegistryUrl?: string;
  IsACRRegistry?: boolean | string;
  IsACREnterprise?: boolean | string;
  RegistryCriId?: string;
  RegistryCredential?: EhpcRegistryCredentialWire;
  OsTag?: string;
  Platform?: string;
  Architecture?: string;
}

export interface EhpcVmImageSpecWire {
  ImageId?: string;
  OsTag?: string;
  Platform?: string;
  Architecture?: string;
}

export interface EhpcDocumentInfoWire {
  DocumentId?: string;
  EncodingMode?: string;
  Document?: string;
}

export interface EhpcAdditionalRegionInfoWire {
  Status?: string;
  ImageId?: string;
  RegionId?: string;
}

/** GetImage's `Image`, as documented (it carries no ImageId and no category). */
export interface EhpcImageWire {
  ImageType?: string;
  AppId?: string;
  Name?: string;
  Version?: string;
  Description?: string;
  Size?: string;
  CreateTime?: string;
  Status?: string;
  ContainerImageSpec?: EhpcContainerImageSpecWire;
  VMImageSpec?: EhpcVmImageSpecWire;
  DocumentInfo?: EhpcDocumentInfoWire;
  AdditionalRegionsInfo?: EhpcAdditionalRegionInfoWire[];
}

export interface EhpcGetImageResponseWire {
  RequestId?: string;
  Success?: boolean;
  TotalCount?: number;
  Image: EhpcImageWire;
}

/** One entry of ListImages' `Images` (ListImagesResponseBody.ts). */
export interface EhpcListImagesItemWire {
  AppId?: string;
  CreateTime?: string;
  Description?: string;
  DocumentId?: number | string;
  ImageId: string;
  ImageType?: string;
  Name?: string;
  OsTag?: string;
  UpdateTime?: string;
  Version?: string;
  Weight?: number;
}

interface EhpcListImagesResponseWire {
  RequestId?: string;
  Success?: boolean;
  TotalCount?: number;
  PageNumber?: number;
  PageSize?: number;
  Images: EhpcListImagesItemWire[];
}

interface GetImageParams {
  imageId: string;
  imageCategory?: string;
  imageType?: string;
  additionalRegionIds?: readonly string[];
}

interface ListImagesParams {
  imageCategory?: string;
  imageType?: string;
  imageIds?: readonly string[];
  imageNames?: readonly string[];
  pageNumber?: number;
  pageSize?: number;
}

/** Codes that mean our credentials or signature were refused. */
function isAuthCode(code: string): boolean {
  return (
    code === 'SignatureDoesNotMatch' ||
    code === 'IncompleteSignature' ||
    code === 'SignatureNonceUsed' ||
    code.startsWith('InvalidAccessKeyId') ||
    code.startsWith('InvalidTimeStamp') ||
    code.startsWith('InvalidSecurityToken') ||
    code === 'MissingSecurityToken'
  );
}

/** The extensions.code of a vendor error code; undefined when the code alone does not decide it. */
function ehpcErrorCode(code: string | undefined, status: number): ErrorCode | undefined {
  if (!code) return undefined;
  if (
    code === 'InvalidParams' ||
    code === 'ImageAlreadyExists' ||
    code.startsWith('InvalidParameter') ||
    code.startsWith('MissingParameter')
  ) {
    return ErrorCode.BAD_USER_INPUT;
  }
  if (
    code === 'NotEnabled' ||
    code === 'ImageInUse' ||
    code === 'NotAuthorized' ||
    code.startsWith('Forbidden') ||
    code.startsWith('NoPermission')
  ) {
    return ErrorCode.FORBIDDEN;
  }
  if (code === 'ServiceUnavailable') return ErrorCode.UPSTREAM_UNAVAILABLE;
  if (code === 'EcsError' || code === 'AliyunError' || code === 'DbError') return ErrorCode.UPSTREAM_ERROR;
  if (isAuthCode(code)) return ErrorCode.UNAUTHENTICATED;
  if (code.startsWith('Throttling')) return ErrorCode.RATE_LIMITED;
  if (status === 400 || status === 404 || status === 200) return ErrorCode.UPSTREAM_ERROR;
  return undefined;
}

/** The API parameter named in InvalidParams' message ("The specified parameter %s is invalid."). */
function paramOf(message: string | undefined): string | undefined {
  const match = message && /parameter\s+([A-Za-z][A-Za-z0-9.]*)\s+is invalid/i.exec(message);
  return match ? match[1] : undefined;
}

/** How an API parameter InvalidParams names (`ImageId`, `ContainerImageSpec.RegistryUrl`) reads as a GraphQL field. */
type FieldOfParam = (param: string) => string;

/** API parameter → the ehpcImage argument that feeds it. */
const ARGUMENT_OF_PARAM: Record<string, string> = {
  ImageId: 'imageId',
  ImageIds: 'imageId',
  ImageCategory: 'imageCategory',
  ImageType: 'imageType',
  AdditionalRegionIds: 'additionalRegionIds',
};
const readArgumentOf: FieldOfParam = (param) => ARGUMENT_OF_PARAM[param] ?? param;

/** AddImage's parameter words whose GraphQL names are not just the first letter lowered (README.md, "Naming"). */
const ADD_IMAGE_WORDS: Record<string, string> = {
  VMImageSpec: 'vmImageSpec',
  IsACRRegistry: 'isAcrRegistry',
  IsACREnterprise: 'isAcrEnterprise',
};
/** `ContainerImageSpec.RegistryCredential.UserName` → `input.containerImageSpec.registryCredential.userName`. */
const addImageInputOf: FieldOfParam = (param) =>
  'input.' +
  param
    .split('.')
    .map((word) => ADD_IMAGE_WORDS[word] ?? word.charAt(0).toLowerCase() + word.slice(1))
    .join('.');

/** AddImage's parameters (the SDK's AddImageRequest), its specs in wire form. */
export interface EhpcAddImageParams {
  name: string;
  imageType: 'VM' | 'Container';
  imageVersion?: string;
  description?: string;
  containerImageSpec?: EhpcContainerImageSpecWire;
  vmImageSpec?: EhpcVmImageSpecWire;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A GetImage answer: what the gateway reads of it is its `Image` object. */
function isGetImageAnswer(body: unknown): body is EhpcGetImageResponseWire {
  return isObject(body) && isObject(body.Image);
}

/** A ListImages answer: an `Images` list whose every entry has an ImageId. */
function isListImagesAnswer(body: unknown): body is EhpcListImagesResponseWire {
  return (
    isObject(body) &&
    Array.isArray(body.Images) &&
    body.Images.every((item) => isObject(item) && typeof item.ImageId === 'string' && item.ImageId !== '')
  );
}

/** The calls, made on behalf of one scope (a GraphQL request, or a page of a listing). */
export class EhpcApi {
  constructor(
    private readonly client: UpstreamClient,
    private readonly region: string,
    private readonly scope: CallScope = {},
  ) {}

  /** The same API, its calls made on behalf of `scope`. */
  within(scope: CallScope): EhpcApi {
    return new EhpcApi(this.client, this.region, scope);
  }

  /** GetImage; null when E-HPC says the image does not exist. */
  async getImage(params: GetImageParams): Promise<EhpcGetImageResponseWire | null> {
    const response = await this.call('GetImage', {
      ImageId: params.imageId,
      ImageCategory: params.imageCategory,
      ImageType: params.imageType,
      AdditionalRegionIds: params.additionalRegionIds ? JSON.stringify(params.additionalRegionIds) : undefined,
    });
    const body = this.successBody(response);
    if (body === null) return null;
    if (!isGetImageAnswer(body)) throw this.badResponse(response, 'a GetImage answer without `Image`');
    return body;
  }

  /** ListImages (one page). */
  async listImages(params: ListImagesParams): Promise<EhpcListImagesResponseWire> {
    const response = await this.call('ListImages', {
      ImageCategory: params.imageCategory,
      ImageType: params.imageType,
      ImageIds: params.imageIds ? JSON.stringify(params.imageIds) : undefined,
      ImageNames: params.imageNames ? JSON.stringify(params.imageNames) : undefined,
      PageNumber: params.pageNumber,
      PageSize: params.pageSize,
    });
    const body = this.successBody(response);
    if (body === null) return { RequestId: headerValue(response, 'x-acs-request-id'), Images: [], TotalCount: 0 };
    if (!isListImagesAnswer(body))
      throw this.badResponse(response, 'a ListImages answer without a valid `Images` list');
    return body;
  }

  /**
   * AddImage: the new image's id. The specs travel JSON-encoded in the query
   * (the registry password with them: it is in no log line, since the client
   * logs paths only, and the request's secrets are scrubbed from its errors).
   */
  async addImage(params: EhpcAddImageParams): Promise<{ imageId: string; requestId?: string }> {
    const response = await this.call(
      'AddImage',
      {
        Name: params.name,
        ImageType: params.imageType,
        ImageVersion: params.imageVersion,
        Description: params.description,
        ContainerImageSpec: params.containerImageSpec ? JSON.stringify(params.containerImageSpec) : undefined,
        VMImageSpec: params.vmImageSpec ? JSON.stringify(params.vmImageSpec) : undefined,
      },
      { idempotent: false },
    );
    const body = this.successBody(response, addImageInputOf);
    if (body === null) {
      // ImageNotFound on an add: what it would be made from (the ECS image) does not exist.
      throw upstreamFailure({
        provider: PROVIDER,
        region: this.region,
        upstreamStatus: response.status,
        vendorCode: 'ImageNotFound',
        vendorMessage: 'The specified image does not exist.',
        requestId: headerValue(response, 'x-acs-request-id'),
        code: ErrorCode.BAD_USER_INPUT,
        field: params.vmImageSpec ? 'input.vmImageSpec.imageId' : 'input',
      });
    }
    if (typeof body.ImageId !== 'string' || body.ImageId.trim() === '') {
      throw this.badResponse(response, 'an AddImage answer without `ImageId`');
    }
    return { imageId: body.ImageId, requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined };
  }

  /** RemoveImage (`imageType` in E-HPC's words: VM or Container); false when E-HPC says there is no such image. */
  async removeImage(imageId: string, imageType: string): Promise<boolean> {
    const response = await this.call('RemoveImage', { ImageId: imageId, ImageType: imageType }, { idempotent: false });
    return this.successBody(response, () => 'input.id') !== null;
  }

  private call(
    action: string,
    query: QueryParams,
    { idempotent = true }: { idempotent?: boolean } = {},
  ): Promise<UpstreamResponse> {
    return this.client.request(
      {
        method: 'POST',
        path: '/',
        query,
        headers: { 'x-acs-action': action, 'x-acs-version': EHPC_API_VERSION },
        idempotent,
        operation: action,
      },
      this.scope,
    );
  }

  /**
   * The body of a successful answer; null for ImageNotFound; an UpstreamError
   * for everything else (see the table at the top), an InvalidParams naming
   * the field `fieldOf` says the parameter comes from.
   */
  private successBody(
    response: UpstreamResponse,
    fieldOf: FieldOfParam = readArgumentOf,
  ): Record<string, unknown> | null {
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      body = undefined;
    }
    const ok = response.status >= 200 && response.status < 300;
    if (ok && !isObject(body)) throw this.badResponse(response, 'a body that is not a JSON object');
    const fields = isObject(body) ? body : {};
    const code = typeof fields.Code === 'string' ? fields.Code : undefined;
    const message = typeof fields.Message === 'string' ? fields.Message : undefined;
    const requestId =
      (typeof fields.RequestId === 'string' ? fields.RequestId.trim() : undefined) ||
      headerValue(response, 'x-acs-request-id');
    if (ok && fields.Success !== false) return fields;
    if (code === 'ImageNotFound') return null;
    const param = code === 'InvalidParams' ? paramOf(message) : undefined;
    throw upstreamFailure({
      provider: PROVIDER,
      region: this.region,
      upstreamStatus: response.status,
      vendorCode: code,
      // SignatureDoesNotMatch's message carries the server's string to sign: a hash, no secret.
      vendorMessage: message ?? (ok ? 'Success: false' : undefined),
      requestId,
      code: ehpcErrorCode(code, response.status) ?? (ok ? ErrorCode.UPSTREAM_ERROR : undefined),
      field: param ? fieldOf(param) : undefined,
      retryAfter: retryAfterSeconds(response),
    });
  }

  private badResponse(response: UpstreamResponse, what: string): UpstreamError {
    return badResponseError(
      response,
      { provider: PROVIDER, region: this.region, requestId: headerValue(response, 'x-acs-request-id') },
      what,
    );
  }
}
