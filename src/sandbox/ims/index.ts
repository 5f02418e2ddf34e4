// The IMS emulator as the sandbox registers it (../registry.ts), and what tests
// use of it. IMS is an API of the sandbox's Huawei Cloud account.

import type { EmulatorDescriptor } from '../descriptor.js';
import { sandboxHuaweiAccount, sandboxHuaweiEnv } from '../huawei/account.js';
import { createImsEmulator, type ImsEmulator, type ImsEmulatorOptions } from './emulator.js';

export { createImsEmulator, type ImsEmulator, type ImsEmulatorOptions } from './emulator.js';
export type { ImsWireImage } from './types.js';
export { IMS_SEED, IMS_SEED_IDS } from './seed.js';

export const ims: EmulatorDescriptor<'ims', ImsEmulatorOptions, ImsEmulator> = {
  name: 'ims',
  title: 'IMS',
  create: (options) => createImsEmulator({ ...sandboxHuaweiAccount(), ...options }),
  env: (url) => ({ IMS_ENDPOINT: url, ...sandboxHuaweiEnv() }),
};
