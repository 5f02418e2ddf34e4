// The embedded sandbox: emulators of the three cloud APIs on loopback, seeded
// with the vendors' documented example images. `npm start` with no endpoint
// configured runs the gateway against it; the test suite does too.
//
// Each emulator listens on its own port and verifies the real signatures with
// the sandbox credentials below; `env` is the configuration a gateway needs to
// reach them: the same variable names as for the real clouds.
//
// The sandbox shares no code with the gateway (see emulator.ts).

import {
  createEhpcEmulator,
  EHPC_SANDBOX_DEFAULTS,
  type EhpcEmulator,
  type EhpcEmulatorOptions,
} from './ehpc/index.js';
import { serveEmulator, type RunningEmulator } from './emulator.js';
import { createImsEmulator, type ImsEmulator, type ImsEmulatorOptions } from './ims/index.js';
import { createModelArtsEmulator, type ModelArtsEmulator, type ModelArtsEmulatorOptions } from './modelarts/index.js';

export { serveEmulator } from './emulator.js';
export type { Fault, RecordedCall, RunningEmulator } from './emulator.js';
export { MODELARTS_SEED } from './modelarts/index.js';
export { IMS_SEED, IMS_SEED_IDS } from './ims/index.js';
export { EHPC_SEED, EHPC_SANDBOX_REGISTRY_PASSWORD } from './ehpc/index.js';

/** The sandbox's Huawei credentials (ModelArts and IMS). Not secrets: they open only the sandbox. */
export const SANDBOX_HUAWEI = {
  ak: 'SANDBOXHUAWEIAK0000001',
  sk: 'sandbox-huawei-secret-key-0123456789abcdef',
  projectId: '0b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e',
  region: 'cn-north-4',
  token: 'sandbox-iam-token-0123456789',
} as const;

/** The sandbox's Alibaba credentials (E-HPC). */
export const SANDBOX_ALIBABA = EHPC_SANDBOX_DEFAULTS;

export interface SandboxOptions {
  host?: string;
  /** Fixed ports per emulator; 0 (default) picks free ones. */
  ports?: { modelarts?: number; ims?: number; ehpc?: number };
  modelarts?: Partial<ModelArtsEmulatorOptions>;
  ims?: Partial<ImsEmulatorOptions>;
  ehpc?: Partial<EhpcEmulatorOptions>;
}

export interface Sandbox {
  modelarts: RunningEmulator & { emulator: ModelArtsEmulator };
  ims: RunningEmulator & { emulator: ImsEmulator };
  ehpc: RunningEmulator & { emulator: EhpcEmulator };
  endpoints: { modelarts: string; ims: string; ehpc: string };
  /** The emulated APIs' names, for a banner. */
  titles: string[];
  /** The environment that points a gateway at this sandbox. */
  env: Record<string, string>;
  /** Every recorded call of every emulator. */
  resetCalls(): void;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  // ModelArts and IMS are two APIs of one Huawei Cloud account: the same keys, project and token.
  const huaweiAccount = () => ({
    ak: SANDBOX_HUAWEI.ak,
    sk: SANDBOX_HUAWEI.sk,
    projectId: SANDBOX_HUAWEI.projectId,
    tokens: [SANDBOX_HUAWEI.token],
  });
  const modelartsEmulator = createModelArtsEmulator({ ...huaweiAccount(), ...options.modelarts });
  const imsEmulator = createImsEmulator({ ...huaweiAccount(), ...options.ims });
  const ehpcEmulator = createEhpcEmulator({
    accessKeyId: SANDBOX_ALIBABA.accessKeyId,
    accessKeySecret: SANDBOX_ALIBABA.accessKeySecret,
    securityTokens: [...SANDBOX_ALIBABA.securityTokens],
    regionId: SANDBOX_ALIBABA.regionId,
    ...options.ehpc,
  });
  const [modelarts, ims, ehpc] = await Promise.all([
    serveEmulator(modelartsEmulator, host, options.ports?.modelarts ?? 0),
    serveEmulator(imsEmulator, host, options.ports?.ims ?? 0),
    serveEmulator(ehpcEmulator, host, options.ports?.ehpc ?? 0),
  ]);
  const endpoints = { modelarts: modelarts.url, ims: ims.url, ehpc: ehpc.url };
  return {
    modelarts: Object.assign(modelarts, { emulator: modelartsEmulator }),
    ims: Object.assign(ims, { emulator: imsEmulator }),
    ehpc: Object.assign(ehpc, { emulator: ehpcEmulator }),
    endpoints,
    titles: ['ModelArts', 'IMS', 'E-HPC'],
    env: {
      MODELARTS_ENDPOINT: endpoints.modelarts,
      IMS_ENDPOINT: endpoints.ims,
      EHPC_ENDPOINT: endpoints.ehpc,
      HUAWEICLOUD_SDK_AK: SANDBOX_HUAWEI.ak,
      HUAWEICLOUD_SDK_SK: SANDBOX_HUAWEI.sk,
      HUAWEICLOUD_SDK_PROJECT_ID: SANDBOX_HUAWEI.projectId,
      HUAWEICLOUD_SDK_REGION: SANDBOX_HUAWEI.region,
      ALIBABA_CLOUD_ACCESS_KEY_ID: SANDBOX_ALIBABA.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SANDBOX_ALIBABA.accessKeySecret,
      ALIBABA_CLOUD_REGION_ID: SANDBOX_ALIBABA.regionId,
    },
    resetCalls() {
      modelarts.resetCalls();
      ims.resetCalls();
      ehpc.resetCalls();
    },
    async stop() {
      await Promise.all([modelarts.close(), ims.close(), ehpc.close()]);
    },
  };
}
