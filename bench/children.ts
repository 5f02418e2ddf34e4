// Every process the benchmark and the soak start goes through here, so that
// each one is stopped by its own pid when the run ends, fails or is
// interrupted (ctrl-C): nothing is left running, and nothing is stopped by name.

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const running = new Set<ChildProcess>();
/** Children started as the leader of a process group of their own: stopping one stops its group. */
const leaders = new WeakSet<ChildProcess>();
const cleanups: Array<() => Promise<void> | void> = [];

/**
 * Starts a process and remembers it until it exits. `group: true` makes it the
 * leader of a new process group, for commands that start their own children
 * (`npm run build` runs sh, which runs tsc): SIGTERM to npm alone would leave
 * tsc running, so stopping such a child signals its whole group, by its pid.
 */
export function spawnTracked(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { group?: boolean },
): ChildProcess {
  const { group, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: group === true });
  running.add(child);
  if (group) leaders.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGTERM to its pid (or its group); SIGKILL if it has not exited after `graceMs`. Resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      if (leaders.has(child)) process.kill(-child.pid!, name);
      else child.kill(name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Runs `cleanup` (last registered first) when the run ends: done, failed or interrupted. */
export function onTeardown(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** Stops every tracked child, then runs the registered cleanups (a worktree goes once nothing runs in it). */
export async function teardown(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
  const steps = cleanups.splice(0).reverse();
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
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
      // Once interrupted, what fails next is the interruption itself: not worth a message.
      if (!interrupted) console.error(error instanceof Error ? error.message : error);
      await teardown();
      process.exitCode = 1;
    })
    .finally(() => {
      if (!interrupted) process.exit(process.exitCode ?? 0);
    });
}
