// The clouds the sandbox emulates, one line each, in the order banners name
// them. Adding a cloud is a folder under src/sandbox/ that exports an
// EmulatorDescriptor (descriptor.ts) and one line here.

import { ehpc } from './ehpc/index.js';
import { ims } from './ims/index.js';
import { modelarts } from './modelarts/index.js';

export const EMULATORS = [modelarts, ims, ehpc] as const;
