// The caller's own cloud token, forwarded: the instance holds no credential,
// and each request is sent with the IAM or Keystone token its caller sent the
// gateway as X-Auth-Token, so the cloud itself decides what each user sees
// (Huawei IAM tokens for ModelArts and IMS, Keystone tokens for any Glance).
//
// The token travels in the call's scope (CallScope.credentials), never in
// the instance: nothing here outlives a call, so one caller's token cannot
// serve another's. A request without one is refused before anything is sent.
// There is no refresh after a 401: the token is the caller's to renew.
//
// What callers of one passthrough instance still share, and why that is
// safe: the connection pool (headers are per call); the circuit breaker,
// which only no answer or a 5xx trips, so a caller with a bad token (401,
// 403) cannot open it for the others; and an IMS instance's finding that the
// endpoint ignores `id=in:` lists, a property of the endpoint that changes
// how ids are fetched, never what a token sees. Loaders are per request, and
// a request has one caller.
//
// Chosen explicitly only (`auth: { type: passthrough }`, or the source's auth
// variable, `MODELARTS_AUTH=passthrough`): it has no variables of its own to
// be found by. Tokens are project-scoped; `projectId` (or the source's project
// variable) names the project of `{project_id}` paths, and callers' tokens
// must be scoped to it.

import { z } from 'zod';
import { ErrorCode, UpstreamError } from '../../errors.js';
import type { CredentialKind } from './kind.js';

interface PassthroughAuth {
  type: 'passthrough';
  /** The project callers' tokens are scoped to, filled into `{project_id}` paths. */
  projectId?: string;
}

export const passthroughKind: CredentialKind<PassthroughAuth> = {
  type: 'passthrough',
  fields: { projectId: 'plain' },
  secretHeaders: ['x-auth-token'],
  envNames: [],
  fromEnv: () => ({ type: 'passthrough' }),
  fileSchema: { projectId: z.string().optional() },
  fromFile: (plain) => ({ type: 'passthrough', projectId: plain.projectId as string | undefined }),
  projectOf: (auth) => auth.projectId ?? '',
  createAuthenticator: (_auth, deps) => ({
    authenticate(request, scope) {
      const token = scope?.credentials?.token;
      if (!token) {
        throw new UpstreamError(`${deps.provider} uses each caller's own cloud token: send it as X-Auth-Token`, {
          code: ErrorCode.UNAUTHENTICATED,
          provider: deps.provider,
          region: deps.region || undefined,
        });
      }
      return { ...request.headers, 'X-Auth-Token': token };
    },
  }),
};
