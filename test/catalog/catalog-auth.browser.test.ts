/**
 * The catalog when the gateway wants client credentials
 * (IMAGE_GATEWAY_AUTH=apikey): the page asks for an API key first (no
 * request is refused on the way: it knows from the page config), keeps it in
 * the tab's memory only (no Web Storage, no cookie), and sends it on every
 * HTTP request and in graphql-ws's connection_init; a wrong key is refused
 * and the form comes back saying so.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../support/browser.js';
import { ensureCatalogBuilt } from '../support/catalog-build.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { watchPage, type PageWatch } from './page-watch.js';

const KEY = 'catalog-test-key-3f9a1c7e5b2d4086';

describe('signing in to the catalog', () => {
  let gateway: TestGateway;
  let chromium: LaunchedChromium;
  let watch: PageWatch;
  let dir: string;

  beforeAll(async () => {
    ensureCatalogBuilt();
    dir = await mkdtemp(path.join(tmpdir(), 'catalog-auth-'));
    const keys = path.join(dir, 'api-keys.yaml');
    const sha256 = createHash('sha256').update(KEY).digest('hex');
    await writeFile(keys, `- name: catalog-reader\n  sha256: ${sha256}\n  scopes: [images:read, images:write]\n`);
    gateway = await startTestGateway({ env: { IMAGE_GATEWAY_AUTH: 'apikey', IMAGE_GATEWAY_API_KEYS_FILE: keys } });
    chromium = await launchChromium();
    watch = watchPage(chromium.context);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('asks for an API key, keeps it in memory only, and sends it over HTTP and WebSocket', async () => {
    const { page } = chromium;
    const base = new URL(gateway.url).origin;
    await page.goto(`${base}/`, { waitUntil: 'load' });
    const key = page.getByLabel('API key', { exact: true });
    await expect.poll(() => key.count(), { timeout: 10_000 }).toBe(1);
    // JWTs are off here: no field for a bearer token.
    expect(await page.getByLabel('Bearer token').count()).toBe(0);
    expect(watch.operations).toEqual([]); // nothing was sent before signing in

    await key.fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const table = page.getByRole('table', { name: 'Images' });
    await expect.poll(() => table.getByRole('rowheader').count(), { timeout: 20_000 }).toBe(10);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Live updates on' }).count(), { timeout: 10_000 })
      .toBe(1);

    expect(watch.operations.length).toBeGreaterThan(0);
    for (const operation of watch.operations) expect(operation.headers['x-api-key']).toBe(KEY);
    const init = watch.socketMessages.find((message) => message.type === 'connection_init');
    expect(init?.payload).toEqual({ 'x-api-key': KEY });

    // The key is in no storage the page keeps, and in no cookie.
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(stored).not.toContain(KEY);
    expect(await chromium.context.cookies()).toEqual([]);
    expect(await page.content()).not.toContain(KEY);
    expect(watch.problems).toEqual([]);

    // A reload forgets it: the form is back.
    await page.reload({ waitUntil: 'load' });
    await expect.poll(() => page.getByLabel('API key', { exact: true }).count()).toBe(1);
  }, 60_000);

  it('a refused key brings the form back, saying so', async () => {
    const { page } = chromium;
    await page.getByLabel('API key', { exact: true }).fill('not-a-key-of-this-gateway');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'refused this credential' });
    await expect.poll(() => refused.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByLabel('API key', { exact: true }).inputValue()).toBe('');
  }, 60_000);
});
