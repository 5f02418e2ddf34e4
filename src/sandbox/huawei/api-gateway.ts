// What Huawei Cloud's API Gateway (APIG) checks in front of ModelArts and IMS
// once a request has matched a published API, before the service sees it:
// the credential (an AK/SK `SDK-HMAC-SHA256` signature or an IAM token, see
// signature.ts), then the project the credential is scoped to (docs/vendor-notes.md §1).
// IAM tokens are project-scoped: besides the account's own project, tokens of
// other projects of the account may be accepted (`projectTokens`), each
// admitted to its own project only, so an emulator can serve several users
// who each see their own project.

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
  /** IAM tokens accepted in `X-Auth-Token`, scoped to `projectId`. */
  tokens?: string[];
  /** More IAM tokens, each scoped to another project of the account: token → project id. */
  projectTokens?: Readonly<Record<string, string>>;
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
    tokens: [...(account.tokens ?? []), ...Object.keys(account.projectTokens ?? {})],
    now: account.authNow,
  };
  return (request, requestId, pathProjectId) => {
    const auth = verifyHuaweiRequest(request, config);
    if (!auth.ok) return apigAuthErrorResponse(auth, requestId);
    const project = credentialProject(account, request);
    const headerProject = request.headers['x-project-id'];
    const wrongPath = pathProjectId !== undefined && pathProjectId !== project;
    const wrongHeader = typeof headerProject === 'string' && headerProject !== project;
    return wrongPath || wrongHeader ? apigProjectForbiddenResponse(requestId) : undefined;
  };
}

/**
 * The project an admitted request's credential is scoped to: a project
 * token's own, else the account's (AK/SK signatures and the account's tokens).
 */
export function credentialProject(account: HuaweiAccountOptions, request: EmulatorRequest): string {
  const token = request.headers['x-auth-token'];
  // A request with Authorization is verified as a signature, whatever X-Auth-Token it also carries.
  if (request.headers.authorization !== undefined || typeof token !== 'string') return account.projectId;
  return account.projectTokens?.[token] ?? account.projectId;
}
