// Huawei Cloud's error bodies, shared by the Huawei Cloud sources (ModelArts, IMS).
//
//   API Gateway and most services: {"error_code": "...", "error_msg": "...", "request_id"?: "..."}
//   IMS (and the SDK's fallback):   {"error": {"code": "IMG.0144", "message": "..."}}
//   plain OpenStack Glance:         {"code": "404 Not Found", "title": "...", "message": "..."}
// The request id may also come in the X-Request-Id (or X-Openstack-Request-Id) header.

import { ErrorCode } from '../../errors.js';
import { headerValue, type UpstreamResponse } from '../../upstream/index.js';

interface HuaweiErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

export function readHuaweiError(response: UpstreamResponse): HuaweiErrorBody {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(response.text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's HTML page): the status alone classifies it.
  }
  const nested = (body.error && typeof body.error === 'object' ? body.error : {}) as Record<string, unknown>;
  return {
    code: str(body.error_code) ?? str(nested.code) ?? str(body.code),
    message: str(body.error_msg) ?? str(nested.message) ?? str(body.title),
    requestId:
      str(body.request_id) ?? headerValue(response, 'x-request-id') ?? headerValue(response, 'x-openstack-request-id'),
  };
}

/**
 * API Gateway authentication failures (`APIG.0301`, newer `APIGW.0301`) are
 * UNAUTHENTICATED whatever the status. (`APIG.0101` is not one: it is APIG's
 * 404 "The API does not exist or has not been published", a wrong endpoint or path.)
 */
export function huaweiAuthErrorCode(code: string | undefined): ErrorCode | undefined {
  if (code === 'APIG.0301' || code === 'APIGW.0301') {
    return ErrorCode.UNAUTHENTICATED;
  }
  if (code === 'APIG.0302' || code === 'APIGW.0302') return ErrorCode.FORBIDDEN;
  return undefined;
}
