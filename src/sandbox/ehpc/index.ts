// The E-HPC Instant emulator as the sandbox registers it (../registry.ts), and
// what tests use of it. E-HPC is an API of the sandbox's Alibaba Cloud account.

import { sandboxAlibabaAccount, sandboxAlibabaEnv } from '../alibaba/account.js';
import type { EmulatorDescriptor } from '../descriptor.js';
import { createEhpcEmulator, type EhpcEmulator, type EhpcEmulatorOptions } from './emulator.js';

export { createEhpcEmulator, type EhpcEmulator, type EhpcEmulatorOptions } from './emulator.js';
export { EHPC_DOCUMENTED_ERRORS } from './errors.js';
export type { EhpcFaultCode } from './faults.js';
export type { EhpcImage, EhpcImageInput } from './types.js';
export { EHPC_SEED, EHPC_SANDBOX_REGISTRY_PASSWORD, EHPC_DOCUMENTED_GET_IMAGE_EXAMPLE } from './seed.js';

export const ehpc: EmulatorDescriptor<'ehpc', EhpcEmulatorOptions, EhpcEmulator> = {
  name: 'ehpc',
  title: 'E-HPC',
  create: (options) => createEhpcEmulator({ ...sandboxAlibabaAccount(), ...options }),
  env: (url) => ({ EHPC_ENDPOINT: url, ...sandboxAlibabaEnv() }),
};
