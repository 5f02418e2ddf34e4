// The cross-source `images` connection: what others may use.
export { listImages } from './merge.js';
