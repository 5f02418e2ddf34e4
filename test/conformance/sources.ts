// Every source the cross-cloud tests run against: the conformance suite, the
// sandbox as a whole (test/sandbox/sandbox.test.ts) and the `images` listing
// (test/listing/images.test.ts). Adding a cloud: its adapter beside these, and
// one entry here.

import type { SourceAdapter } from './adapter.js';
import { ehpc } from './ehpc.js';
import { ims } from './ims.js';
import { modelArts } from './modelarts.js';

export const SOURCES: readonly SourceAdapter[] = [modelArts, ims, ehpc];
