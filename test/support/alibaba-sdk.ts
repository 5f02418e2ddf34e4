// The official Alibaba Cloud SDK, for the tests that use it as an oracle: its
// signer (`@alicloud/openapi-util` getAuthorization, what our signer and the
// sandbox's verifier must agree with) and its client (`@alicloud/openapi-client`
// callApi), set up the way the E-HPC Instant SDK calls the API.
//
// Under Node's own ESM loader a CommonJS default import is `module.exports` (the
// class is `.default`); vitest hands over `exports.default` itself. Accept both.

import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';

export { $OpenApi };
export * as $Util from '@alicloud/tea-util';

export type SdkUtilClass = typeof OpenApiUtil.default;
export type SdkClientClass = typeof OpenApi.default;
/** The request getAuthorization takes. */
export type SdkSignRequest = Parameters<SdkUtilClass['getAuthorization']>[0];

export const SdkUtil: SdkUtilClass =
  (OpenApiUtil as unknown as { default?: SdkUtilClass }).default ?? (OpenApiUtil as unknown as SdkUtilClass);
export const SdkClient: SdkClientClass =
  (OpenApi as unknown as { default?: SdkClientClass }).default ?? (OpenApi as unknown as SdkClientClass);

/** The call parameters of an E-HPC Instant action, as its SDK sets them: RPC style, POST /, JSON answer. */
export const ehpcRpcParams = (action: string, version = '2023-07-01') =>
  new $OpenApi.Params({
    action,
    version,
    protocol: 'HTTP',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
