// What the sandbox knows about one emulated cloud API: its folder exports one
// descriptor, and the registry (registry.ts) is the list of them. Nothing
// outside a cloud's folder needs to know anything else about it.

import type { Emulator } from './emulator.js';

export interface EmulatorDescriptor<Name extends string = string, Options = unknown, E extends Emulator = Emulator> {
  /** The key of the emulator in `Sandbox`, `SandboxOptions` and `endpoints` (e.g. `modelarts`). */
  readonly name: Name;
  /** How people call the API (e.g. `ModelArts`), for banners. */
  readonly title: string;
  /** An emulator for the sandbox account, with these options on top. */
  create(options: Partial<Options>): E;
  /** The configuration that points a gateway at an emulator serving on `url`: the real vendor's variable names. */
  env(url: string): Record<string, string>;
}
