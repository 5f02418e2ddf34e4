// The sandbox as a whole (src/sandbox/index.ts): every registered emulator
// started on loopback, the configuration that points a gateway at them, the
// per-emulator options, and cleanup: a sandbox that cannot start leaves no
// server behind.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { SANDBOX_HUAWEI, startSandbox } from '../../src/sandbox/index.js';
import { SOURCES } from '../conformance/sources.js';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether a server can listen on the port (i.e. nothing holds it). */
async function canListen(port: number): Promise<boolean> {
  const server = net.createServer();
  const listened = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (listened) await new Promise<void>((resolve) => server.close(() => resolve()));
  return listened;
}

describe('startSandbox', () => {
  it('serves every emulator and says how to reach them, in registry order', async () => {
    const sandbox = await startSandbox();
    try {
      expect(sandbox.titles).toEqual(SOURCES.map((s) => s.name));
      expect(Object.keys(sandbox.endpoints)).toEqual(SOURCES.map((s) => s.sandboxKey));
      for (const { sandboxKey: name } of SOURCES) {
        expect(sandbox[name].url).toBe(sandbox.endpoints[name]);
        expect(sandbox[name].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(sandbox[name].emulator.service).toBe(name);
      }
      expect(new Set(Object.values(sandbox.endpoints)).size).toBe(SOURCES.length);
      expect(sandbox.env).toEqual(
        Object.assign(
          {},
          ...SOURCES.map((s) => ({ [s.endpointVariable]: sandbox.endpoints[s.sandboxKey], ...s.sandboxEnv })),
        ),
      );
    } finally {
      await sandbox.stop();
    }
  });

  it('records calls per emulator, forgets them all at once, and stops every server', async () => {
    const sandbox = await startSandbox();
    const urls = Object.values(sandbox.endpoints);
    try {
      // Unsigned and unrouted: each emulator's API gateway refuses it (APIG's 404, the POP gateway's 400).
      const answers = await Promise.all(urls.map((url) => fetch(`${url}/nowhere`)));
      expect(answers.map((a) => a.status)).toEqual(SOURCES.map((s) => s.unroutedStatus));
      const emulators = SOURCES.map((s) => sandbox[s.sandboxKey]);
      expect(emulators.map((e) => e.calls().map((c) => c.status))).toEqual(SOURCES.map((s) => [s.unroutedStatus]));
      sandbox.resetCalls();
      expect(emulators.map((e) => e.calls().length)).toEqual(SOURCES.map(() => 0));
    } finally {
      await sandbox.stop();
    }
    for (const url of urls) await expect(fetch(url)).rejects.toThrow();
  });

  it('hands each emulator its own options on top of the sandbox account', async () => {
    const sandbox = await startSandbox({ modelarts: { seed: false }, ehpc: { regionId: 'cn-beijing' } });
    try {
      expect(sandbox.modelarts.emulator.images()).toEqual([]);
      expect(sandbox.modelarts.emulator.projectId).toBe(SANDBOX_HUAWEI.projectId);
      expect(sandbox.ims.emulator.images().length).toBeGreaterThan(0);
      expect(sandbox.ehpc.emulator.hostId).toBe('ehpcinstant.cn-beijing.aliyuncs.com');
    } finally {
      await sandbox.stop();
    }
  });

  it('listens on the ports it is given, and stops what it started when one port is taken', async () => {
    const [modelartsPort, ehpcPort] = [await freePort(), await freePort()];
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const takenPort = (taken.address() as net.AddressInfo).port;
    try {
      await expect(
        startSandbox({ ports: { modelarts: modelartsPort, ims: takenPort, ehpc: ehpcPort } }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(await canListen(modelartsPort)).toBe(true);
      expect(await canListen(ehpcPort)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
    const sandbox = await startSandbox({ ports: { modelarts: modelartsPort } });
    try {
      expect(sandbox.endpoints.modelarts).toBe(`http://127.0.0.1:${modelartsPort}`);
    } finally {
      await sandbox.stop();
    }
  });
});
