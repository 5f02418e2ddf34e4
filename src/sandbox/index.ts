// The embedded sandbox: emulators of the cloud APIs the gateway serves, on
// loopback, seeded with the vendors' documented example images. `npm start`
// with no endpoint configured runs the gateway against it; the test suite does
// too.
//
// Which clouds there are is the registry's business (registry.ts): each
// emulator listens on its own port and verifies the real signatures with its
// cloud's sandbox account; `env` is the configuration a gateway needs to reach
// them all, with the same variable names as for the real clouds.
//
// The sandbox shares no code with the gateway (see emulator.ts).

import type { EmulatorDescriptor } from './descriptor.js';
import { serveEmulator, type RunningEmulator } from './emulator.js';
import { EMULATORS } from './registry.js';

export { serveEmulator } from './emulator.js';
export type { Fault, RecordedCall, RunningEmulator } from './emulator.js';
// What tests use of each cloud's emulator, from the folders that own them.
export { SANDBOX_HUAWEI } from './huawei/account.js';
export { SANDBOX_ALIBABA } from './alibaba/account.js';
export { MODELARTS_SEED } from './modelarts/index.js';
export { IMS_SEED, IMS_SEED_IDS } from './ims/index.js';
export { EHPC_SEED, EHPC_SANDBOX_REGISTRY_PASSWORD } from './ehpc/index.js';

type Registered = (typeof EMULATORS)[number];
/** The registered names: `'modelarts' | 'ims' | …`. */
export type EmulatorName = Registered['name'];
type DescriptorNamed<N extends EmulatorName> = Extract<Registered, { name: N }>;
type OptionsOf<D> = D extends EmulatorDescriptor<string, infer O> ? O : never;
type EmulatorOf<D> = D extends EmulatorDescriptor<string, unknown, infer E> ? E : never;

/** One emulator, serving: its server (calls, faults, url) and the emulator itself (state, seeding). */
export type SandboxEmulator<N extends EmulatorName> = RunningEmulator & { emulator: EmulatorOf<DescriptorNamed<N>> };

export type SandboxOptions = {
  host?: string;
  /** Fixed ports per emulator; 0 (default) picks free ones. */
  ports?: { [N in EmulatorName]?: number };
  /** Every answer of every emulator waits this long, ms: a cloud's round trip (default 0). */
  latencyMs?: number;
} & {
  /** Options per emulator, on top of its sandbox account. */
  [N in EmulatorName]?: Partial<OptionsOf<DescriptorNamed<N>>>;
};

export type Sandbox = { [N in EmulatorName]: SandboxEmulator<N> } & {
  /** Each emulator's base URL. */
  endpoints: Record<EmulatorName, string>;
  /** The environment that points a gateway at this sandbox. */
  env: Record<string, string>;
  /** The emulated APIs' names (e.g. 'ModelArts'), in registry order, for banners. */
  titles: string[];
  /** Forgets every recorded call of every emulator. */
  resetCalls(): void;
  stop(): Promise<void>;
};

/** Starts every registered emulator; if one cannot start, stops those that did and rethrows. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const descriptors: readonly EmulatorDescriptor[] = EMULATORS;
  const started = await Promise.allSettled(
    descriptors.map(async (descriptor) => {
      const name = descriptor.name as EmulatorName;
      const emulator = descriptor.create(options[name] ?? {});
      const server = await serveEmulator(emulator, host, options.ports?.[name] ?? 0, {
        latencyMs: options.latencyMs,
      });
      return { descriptor, running: Object.assign(server, { emulator }) };
    }),
  );
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    await Promise.all(servers.map(({ running }) => running.close()));
  };
  try {
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    const byName = (value: (served: (typeof servers)[number]) => unknown) =>
      Object.fromEntries(servers.map((served) => [served.descriptor.name, value(served)]));
    return {
      ...(byName(({ running }) => running) as { [N in EmulatorName]: SandboxEmulator<N> }),
      endpoints: byName(({ running }) => running.url) as Record<EmulatorName, string>,
      env: mergedEnv(servers.map(({ descriptor, running }) => descriptor.env(running.url))),
      titles: descriptors.map((descriptor) => descriptor.title),
      resetCalls() {
        for (const { running } of servers) running.resetCalls();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The emulators' configurations as one; emulators of one vendor share its account, so they must agree on it. */
function mergedEnv(parts: Array<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key in env && env[key] !== value) throw new Error(`sandbox emulators disagree on ${key}`);
      env[key] = value;
    }
  }
  return env;
}
