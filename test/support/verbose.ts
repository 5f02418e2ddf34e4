// Tests print nothing unless asked. TEST_VERBOSE=1 asks: report() then prints
// measurements and notes, and test gateways echo their log lines as written
// (support/gateway.ts). Without it a test that fails still prints the log
// lines its gateways wrote while it ran.

export const VERBOSE = process.env.TEST_VERBOSE === '1';

/** Prints a note or a measurement when TEST_VERBOSE=1; nothing otherwise. */
export function report(message: string): void {
  if (VERBOSE) console.log(message);
}
