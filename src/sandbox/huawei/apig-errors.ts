// The answers Huawei Cloud's API Gateway (APIG) gives on its own, before a
// request reaches ModelArts or IMS: `{error_code, error_msg, request_id}` with
// the request id also in `X-Request-Id` (docs/vendor-notes.md §1, "Error bodies").
// The services' own error bodies differ; each cloud folder has its own.

import { randomBytes } from 'node:crypto';
import type { EmulatorResponse } from '../emulator.js';
import type { HuaweiAuthResult } from './signature.js';

/** An APIG request id: 32 lower-case hex digits, as in `X-Request-Id`. */
export function newApigRequestId(): string {
  return randomBytes(16).toString('hex');
}

/** An APIG-level error (`{error_code, error_msg, request_id}`), the request id also in `X-Request-Id`. */
function apigErrorResponse(
  status: number,
  errorCode: string,
  errorMsg: string,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...extraHeaders },
    body: { error_code: errorCode, error_msg: errorMsg, request_id: requestId },
  };
}

/** The 401 APIG answers for a failed authentication (`APIG.0301`). */
export function apigAuthErrorResponse(
  result: Extract<HuaweiAuthResult, { ok: false }>,
  requestId: string,
): EmulatorResponse {
  return apigErrorResponse(401, 'APIG.0301', result.message, requestId);
}

/**
 * The 403 for a credential used on a project it is not scoped to (`APIG.0302`);
 * the pages list 403 without saying which code, this is APIG's authorization code.
 */
export function apigProjectForbiddenResponse(requestId: string): EmulatorResponse {
  return apigErrorResponse(403, 'APIG.0302', 'The IAM user is not authorized to access the API', requestId);
}

/** APIG's answer for a path/method no API is published on. */
export function apigNotFoundResponse(requestId: string, extraHeaders: Record<string, string> = {}): EmulatorResponse {
  return apigErrorResponse(
    404,
    'APIG.0101',
    'The API does not exist or has not been published in the environment',
    requestId,
    extraHeaders,
  );
}
