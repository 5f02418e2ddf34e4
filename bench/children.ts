// Every process the benchmark and the soak start goes through here, so that
// each one is stopped by its own pid when the run ends, fails or is
// interrupted (ctrl-C): nothing is left running, and nothing is stopped by name.

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const running = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void> | void> = [];

/** Starts a process and remembers it until it exits. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGTERM to its pid; SIGKILL if it has not exited after `graceMs`. Resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Runs `cleanup` (last registered first) before the process exits on failure or a signal. */
export function onTeardown(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** Stops every tracked child and runs the registered cleanups, once. */
export async function teardown(): Promise<void> {
  const steps = cleanups.splice(0).reverse();
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
  await Promise.all([...running].map((child) => stopChild(child)));
}

/** The entry point's wrapper: teardown on success, failure, SIGINT and SIGTERM; exit 1 on failure, 130 on a signal. */
export function runMain(main: () => Promise<void>): void {
  let interrupted = false;
  const interrupt = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: stopping every process this run started`);
    void teardown().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  main()
    .then(teardown)
    .catch(async (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      await teardown();
      process.exitCode = 1;
    })
    .finally(() => {
      if (!interrupted) process.exit(process.exitCode ?? 0);
    });
}
