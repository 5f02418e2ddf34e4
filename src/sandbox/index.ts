// The embedded sandbox: emulators of the three cloud APIs on loopback, seeded
// with the vendors' documented example images. `npm start` with no endpoint
// configured runs the gateway against it; the test suite does too.
//
// Filled in by the emulator modules under ./modelarts, ./ims and ./ehpc.
export { serveEmulator } from './emulator.js';
export type { RecordedCall, Fault, RunningEmulator } from './emulator.js';
