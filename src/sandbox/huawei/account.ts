// The one Huawei Cloud account of the sandbox: ModelArts and IMS are two APIs
// of the same account, so they accept the same keys, project and token, and a
// gateway reaches both with one set of HUAWEICLOUD_SDK_* variables.

/** The sandbox's Huawei credentials. Not secrets: they open only the loopback emulators. */
export const SANDBOX_HUAWEI = {
  ak: 'SANDBOXHUAWEIAK0000001',
  sk: 'sandbox-huawei-secret-key-0123456789abcdef',
  projectId: '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e',
  region: 'cn-north-4',
  token: 'sandbox-iam-token-0123456789',
} as const;

/** The account as an emulator's options take it. */
export function sandboxHuaweiAccount(): { ak: string; sk: string; projectId: string; tokens: string[] } {
  return {
    ak: SANDBOX_HUAWEI.ak,
    sk: SANDBOX_HUAWEI.sk,
    projectId: SANDBOX_HUAWEI.projectId,
    tokens: [SANDBOX_HUAWEI.token],
  };
}

/** The variables the Huawei Cloud SDKs (and the gateway) read the account from. */
export function sandboxHuaweiEnv(): Record<string, string> {
  return {
    HUAWEICLOUD_SDK_AK: SANDBOX_HUAWEI.ak,
    HUAWEICLOUD_SDK_SK: SANDBOX_HUAWEI.sk,
    HUAWEICLOUD_SDK_PROJECT_ID: SANDBOX_HUAWEI.projectId,
    HUAWEICLOUD_SDK_REGION: SANDBOX_HUAWEI.region,
  };
}
