// What Huawei Cloud's API Gateway (APIG) checks in front of ModelArts and IMS
// once a request has matched a published API, before the service sees it:
// the credential (an AK/SK `SDK-HMAC-SHA256` signature or an IAM token, see
// signature.ts), then the project the credential is scoped to (vendor-notes §1).

import type { EmulatorRequest, EmulatorResponse } from '../emulator.js';
import { apigAuthErrorResponse, apigProjectForbiddenResponse } from './apig-errors.js';
import { verifyHuaweiRequest, type HuaweiAuthConfig } from './signature.js';

/** The Huawei Cloud account an emulator behind APIG accepts. */
export interface HuaweiAccountOptions {
  /** The AK/SK pair requests must be signed with. */
  ak: string;
  sk: string;
  /** The only project the credentials are scoped to. */
  projectId: string;
  /** IAM tokens accepted in `X-Auth-Token`. */
  tokens?: string[];
  /** The clock the X-Sdk-Date window is checked against (default Date.now). */
  authNow?: () => number;
}

/**
 * APIG's admission check for one account: undefined when the request may pass,
 * else APIG's answer (401 APIG.0301, or 403 APIG.0302 when `X-Project-Id`, or
 * the route's `{project_id}` when it has one, is not the account's project).
 */
export type ApigAdmission = (
  request: EmulatorRequest,
  requestId: string,
  pathProjectId?: string,
) => EmulatorResponse | undefined;

export function apigAdmission(account: HuaweiAccountOptions): ApigAdmission {
  const config: HuaweiAuthConfig = {
    keys: [{ ak: account.ak, sk: account.sk }],
    tokens: account.tokens ?? [],
    now: account.authNow,
  };
  return (request, requestId, pathProjectId) => {
    const auth = verifyHuaweiRequest(request, config);
    if (!auth.ok) return apigAuthErrorResponse(auth, requestId);
    const headerProject = request.headers['x-project-id'];
    const wrongPath = pathProjectId !== undefined && pathProjectId !== account.projectId;
    const wrongHeader = typeof headerProject === 'string' && headerProject !== account.projectId;
    return wrongPath || wrongHeader ? apigProjectForbiddenResponse(requestId) : undefined;
  };
}
