// The official Huawei Cloud Node SDK core, typed for the tests that use it as
// an oracle: its AKSKSigner (what our signer and the sandbox's verifier must
// agree with) and its full client (ClientBuilder + BasicCredentials).
// The package has no `exports` map and is CommonJS, so it is loaded with require.

import { createRequire } from 'node:module';

export interface SdkRequest {
  endpoint: string;
  method: string;
  headers: Record<string, string>;
  queryParams?: Record<string, string | string[]> | object;
  data?: unknown;
}
export interface SdkCredential {
  getAk(): string;
  getSk(): string;
}

const require = createRequire(import.meta.url);

export const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { sign(request: SdkRequest, credential: SdkCredential): Record<string, string> };
};
export const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder') as {
  ClientBuilder: new (build: (hc: unknown) => unknown) => any;
};
export const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core') as { BasicCredentials: new () => any };

/** The credential object AKSKSigner.sign expects. */
export const sdkCredential = (ak: string, sk: string): SdkCredential => ({ getAk: () => ak, getSk: () => sk });

/** The SDK's full client (HcClient via ClientBuilder, signing with BasicCredentials) for `endpoint`. */
export const sdkClient = (endpoint: string, ak: string, sk: string, projectId: string): any =>
  new ClientBuilder((hc) => hc)
    .withCredential(new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId))
    .withEndpoint(endpoint)
    .build();
