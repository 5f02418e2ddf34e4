// The ModelArts emulator as the sandbox registers it (../registry.ts), and what
// tests use of it. ModelArts is an API of the sandbox's Huawei Cloud account.

import type { EmulatorDescriptor } from '../descriptor.js';
import { sandboxHuaweiAccount, sandboxHuaweiEnv } from '../huawei/account.js';
import { createModelArtsEmulator, type ModelArtsEmulator, type ModelArtsEmulatorOptions } from './emulator.js';

export { createModelArtsEmulator, type ModelArtsEmulator, type ModelArtsEmulatorOptions } from './emulator.js';
export type { ModelArtsNotebook, ModelArtsWireImage } from './types.js';
export { MODELARTS_SEED } from './seed.js';

export const modelarts: EmulatorDescriptor<'modelarts', ModelArtsEmulatorOptions, ModelArtsEmulator> = {
  name: 'modelarts',
  title: 'ModelArts',
  create: (options) => createModelArtsEmulator({ ...sandboxHuaweiAccount(), ...options }),
  env: (url) => ({ MODELARTS_ENDPOINT: url, ...sandboxHuaweiEnv() }),
};
