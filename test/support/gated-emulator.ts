// A ModelArts emulator that holds one image's GET until released: a slow
// upstream call a test controls, for drains, deadlines and cancellation.

import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  MODELARTS_SEED,
  SANDBOX_HUAWEI,
  serveEmulator,
  startSandbox,
  type RunningEmulator,
  type Sandbox,
} from '../../src/sandbox/index.js';
import { startTestGateway, type TestGateway } from './gateway.js';

/** The image whose GET the gate holds, and a query that reads it. */
export const SLOW_ID = MODELARTS_SEED.imageIds.docDetails;
export const SLOW_QUERY = `query Slow { modelArtsImage(id: "${SLOW_ID}") { name } }`;
const SLOW_PATH = `/v1/${SANDBOX_HUAWEI.projectId}/images/${SLOW_ID}`;

export type GatedModelArts = RunningEmulator & {
  /** Resolves when the held GET has arrived. */
  arrived: Promise<void>;
  release(): void;
};

/** The sandbox's ModelArts emulator, with the slow image's GET held until `release()`. */
export async function gatedModelArts(sandbox: Sandbox): Promise<GatedModelArts> {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = await serveEmulator({
    service: 'modelarts',
    async handle(request) {
      if (request.rawPath === SLOW_PATH) {
        arrive();
        await released;
      }
      return sandbox.modelarts.emulator.handle(request);
    },
  });
  return Object.assign(server, { arrived, release });
}

/**
 * For the calling describe: one sandbox for all its tests, and a test gateway
 * per test, stopped after it with its gated emulator released and closed.
 */
export function gatedGatewaySuite(): {
  /** A test gateway with `env`, reaching ModelArts through a gated emulator. */
  gated(env?: Record<string, string>): Promise<{ gw: TestGateway; gated: GatedModelArts }>;
  /** A test gateway with `env`, on its own sandbox. */
  plain(env?: Record<string, string>): Promise<TestGateway>;
} {
  let sandbox: Sandbox;
  let gated: GatedModelArts | undefined;
  let gw: TestGateway | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
    gated?.release();
    await gated?.close();
    gated = undefined;
  });
  afterAll(() => sandbox.stop());
  return {
    async gated(env = {}) {
      const emulator = (gated = await gatedModelArts(sandbox));
      const gateway = (gw = await startTestGateway({ env: { MODELARTS_ENDPOINT: emulator.url, ...env } }));
      return { gw: gateway, gated: emulator };
    },
    async plain(env = {}) {
      return (gw = await startTestGateway({ env }));
    },
  };
}
