// The request context (src/context.ts): what it makes only when it is used.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/logger.js';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { startGateway, type Gateway } from '../src/server/index.js';
import { SOURCES } from '../src/sources/index.js';

describe('the request context over HTTP', () => {
  let sandbox: Sandbox;
  let gateway: Gateway;
  const logger = createLogger({ level: 'info', destination: { write: () => undefined } });
  const child = vi.spyOn(logger, 'child');

  beforeAll(async () => {
    sandbox = await startSandbox();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...sandbox.env }, SOURCES, { sandbox: true });
    gateway = await startGateway(config, { logger });
  });
  afterAll(async () => {
    await gateway.stop();
    await sandbox.stop();
  });

  async function post(query: string): Promise<unknown> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    return response.json();
  }

  // Apollo copies the context for each request (Object.assign): a getter on the object itself
  // would run then, and every request would pay for a child logger it never writes to.
  it('makes no child logger for a request that logs nothing', async () => {
    child.mockClear();
    const answer = await post('{ images(first: 2) { edges { node { id } } } }');
    expect(answer).toMatchObject({ data: { images: { edges: [{ node: {} }, { node: {} }] } } });
    expect(child).not.toHaveBeenCalled();
  });
});
