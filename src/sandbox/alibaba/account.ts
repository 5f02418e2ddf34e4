// The sandbox's Alibaba Cloud account (the one E-HPC Instant accepts), and the
// variables the Alibaba Cloud SDKs (and the gateway) read it from.

/** Credentials and region of the sandbox account. Not secrets: they open only the loopback emulators. */
export const SANDBOX_ALIBABA = {
  accessKeyId: 'LTAI5tSandboxEhpcInstant01',
  accessKeySecret: 'sandbox-ehpc-access-key-secret-0123456789',
  securityTokens: ['CAIS-sandbox-ehpc-sts-token-0001'],
  regionId: 'cn-hangzhou',
} as const;

/** The account as an emulator's options take it. */
export function sandboxAlibabaAccount(): {
  accessKeyId: string;
  accessKeySecret: string;
  securityTokens: string[];
  regionId: string;
} {
  return { ...SANDBOX_ALIBABA, securityTokens: [...SANDBOX_ALIBABA.securityTokens] };
}

export function sandboxAlibabaEnv(): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: SANDBOX_ALIBABA.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SANDBOX_ALIBABA.accessKeySecret,
    ALIBABA_CLOUD_REGION_ID: SANDBOX_ALIBABA.regionId,
  };
}
