// The cross-source `images` connection: what others may use.
export { listImages } from './merge.js';
export { unavailableSourceErrors, type UnavailableSource } from './unavailable.js';
