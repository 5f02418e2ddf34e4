import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout's root: the candidate's build, and the standalone sandbox's. */
export const projectDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
