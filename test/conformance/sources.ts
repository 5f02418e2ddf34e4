// Every source the conformance suite runs against. Adding a cloud: its
// adapter beside these, and one entry here.

import type { SourceAdapter } from './adapter.js';
import { ehpc } from './ehpc.js';
import { ims } from './ims.js';
import { modelArts } from './modelarts.js';

export const SOURCES: readonly SourceAdapter[] = [modelArts, ims, ehpc];
