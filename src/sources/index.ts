// The registered sources: one line each.
import { modelArtsSource } from './modelarts/index.js';
import { imsSource } from './ims/index.js';
import { ehpcSource } from './ehpc/index.js';
import type { SourceModule } from './types.js';

export const SOURCES: readonly SourceModule[] = [modelArtsSource, imsSource, ehpcSource];
