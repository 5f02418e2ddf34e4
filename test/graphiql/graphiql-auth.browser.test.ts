/**
 * GraphiQL with client authentication on, in a real headless Chromium: the
 * page still loads without a token (a browser cannot send one for a page),
 * every example tab says how to send one, the Headers tab is open with the
 * header to fill in, and once a key is in it the first example runs.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../support/browser.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ensureGraphiqlBuilt } from '../support/graphiql-build.js';

const IMAGE_NAME = 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04';
const KEY = 'igw_graphiql_key_6d5c4b3a29181716';

describe('GraphiQL with client authentication on', () => {
  let gateway: TestGateway | undefined;
  let chromium: LaunchedChromium | undefined;
  let dir: string | undefined;

  beforeAll(async () => {
    ensureGraphiqlBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'graphiql-auth-'));
    const keys = path.join(dir, 'keys.yaml');
    const sha256 = createHash('sha256').update(KEY).digest('hex');
    writeFileSync(keys, `- { name: graphiql-user, sha256: ${sha256}, scopes: [images:read] }\n`);
    gateway = await startTestGateway({ env: { IMAGE_GATEWAY_AUTH: 'apikey', IMAGE_GATEWAY_API_KEYS_FILE: keys } });
    chromium = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says how to send a token, and runs an example with one', async () => {
    const { page } = chromium!;
    const base = new URL(gateway!.url).origin;
    const statuses: number[] = [];
    page.on('response', (response) => {
      if (response.url() === `${base}/graphql` && response.request().method() === 'POST')
        statuses.push(response.status());
    });
    const response = await page.goto(`${base}/graphql`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);

    const queryEditor = page.locator('.graphiql-query-editor .monaco-editor .view-lines');
    await expect.poll(() => queryEditor.textContent(), { timeout: 30_000 }).toContain('modelArtsImage');
    // Monaco renders spaces as non-breaking ones.
    const text = async (locator: typeof queryEditor) => ((await locator.textContent()) ?? '').replace(/\u00a0/g, ' ');
    expect(await text(queryEditor)).toContain('This gateway needs a token. Open the Headers tab');

    // The Headers tab is the one open, holding the header to fill in.
    const headersEditor = page.locator('.graphiql-editor-tool .monaco-editor').filter({ hasText: 'Authorization' });
    await expect
      .poll(async () => text(headersEditor.locator('.view-lines')), { timeout: 10_000 })
      .toContain('"Authorization": "Bearer "');

    // Without a token the gateway says what is missing (the introspection GraphiQL sends at load got that too).
    await page.locator('button.graphiql-execute-button').click();
    const result = page.locator('.result-window .monaco-editor .view-lines');
    await expect.poll(() => text(result), { timeout: 30_000 }).toContain('UNAUTHENTICATED');
    expect(statuses).toContain(401);
    expect(gateway!.sandbox.modelarts.calls()).toHaveLength(0);

    // With the key in the Headers tab, the example runs.
    await headersEditor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(`{ "X-API-Key": "${KEY}" }`);
    await page.locator('button.graphiql-execute-button').click();
    await expect.poll(() => text(result), { timeout: 30_000 }).toContain(IMAGE_NAME);
    expect(statuses.at(-1)).toBe(200);
    expect(gateway!.sandbox.modelarts.calls().length).toBeGreaterThan(0);
  }, 120_000);
});
