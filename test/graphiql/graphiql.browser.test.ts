/**
 * GraphiQL in a real headless Chromium, served by the real gateway
 * (startTestGateway, over the sandbox): the page loads from the gateway alone
 * (every request goes to 127.0.0.1, none fails, no console error, which also
 * covers CSP violations), shows the example operations as tabs, runs the
 * first one and shows its result; and runs a subscription over WebSocket,
 * watching a notebook save reach ACTIVE in the result pane.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allExamples } from '../../src/examples.js';
import { SOURCES } from '../../src/sources/index.js';
import { launchChromium, type LaunchedChromium } from '../support/browser.js';
import { ensureGraphiqlBuilt } from '../support/graphiql-build.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

// The real gateway against the sandbox: the first example is ModelArts's
// documented image (docs/vendor/000-modelarts-image-details.txt), which the sandbox is seeded with.
const IMAGE_ID = '278e88d1-5b71-4766-8502-b3ba72e824d9';
const IMAGE_NAME = 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04';
let EXAMPLES: ReturnType<typeof allExamples> = [];

describe('GraphiQL in headless Chromium', () => {
  let gateway: TestGateway | undefined;
  let chromium: LaunchedChromium | undefined;

  beforeAll(async () => {
    ensureGraphiqlBuilt();
    // Saves take 8 s (INIT, CREATING, ACTIVE): time to start watching one; watched every 200 ms at first.
    gateway = await startTestGateway({
      env: { IMAGE_GATEWAY_WATCH_INTERVAL_MS: '200' },
      sandbox: { modelarts: { saveDelaysMs: { creating: 4000, active: 4000 } } },
    });
    EXAMPLES = allExamples(SOURCES, gateway.gateway.sources.configs());
    chromium = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.stop();
  });

  it('loads offline from the gateway, shows the examples and runs the first one', async () => {
    const { page, context } = chromium!;
    const base = new URL(gateway!.url).origin;
    const requests: string[] = [];
    const problems: string[] = [];
    const describeRequest = (request: Request) => `${request.method()} ${request.url()}`;
    context.on('request', (request) => requests.push(request.url()));
    context.on('requestfailed', (request) =>
      problems.push(`request failed: ${describeRequest(request)} (${request.failure()?.errorText})`),
    );
    context.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${describeRequest(response.request())}`);
    });
    context.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
    context.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });

    const screenshot = path.join(tmpdir(), `graphiql-failure-${process.pid}.png`);
    /** Runs a step; on failure, says what the browser reported and where its screenshot is. */
    async function step(name: string, body: () => Promise<void>): Promise<void> {
      try {
        await body();
      } catch (error) {
        await page.screenshot({ path: screenshot }).catch(() => undefined);
        const detail = [`step "${name}" failed; screenshot: ${screenshot}`, ...problems].join('\n  ');
        throw Object.assign(error as Error, { message: `${(error as Error).message}\n  ${detail}` });
      }
    }

    const response = await page.goto(`${base}/graphql`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');

    // The editors are Monaco instances; the first example is prefilled.
    await step('query editor prefilled', async () => {
      const queryEditor = page.locator('.graphiql-query-editor .monaco-editor .view-lines');
      await expect.poll(() => queryEditor.textContent(), { timeout: 30_000 }).toContain('modelArtsImage');
    });
    await step('variables editor prefilled', async () => {
      const variablesEditor = page.locator('.graphiql-editor-tool .monaco-editor .view-lines').first();
      await expect.poll(() => variablesEditor.textContent(), { timeout: 10_000 }).toContain(IMAGE_ID);
    });

    // Every example of every source is a tab, titled by its operation name; ModelArtsImage first.
    await step('one tab per example', async () => {
      const tabs = page.locator('.graphiql-tab');
      await expect.poll(() => tabs.count()).toBe(EXAMPLES.length);
      const titles = await tabs.allTextContents();
      expect(titles[0]).toContain('ModelArtsImage');
      EXAMPLES.forEach((example, i) => expect(titles[i]).toContain(example.name));
    });

    await step('run the first example and show its result', async () => {
      await page.locator('button.graphiql-execute-button').click();
      const result = page.locator('.result-window .monaco-editor .view-lines');
      await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain(IMAGE_NAME);
    });
    // The query really went through the gateway to the sandbox's ModelArts API.
    expect(gateway!.sandbox.modelarts.calls().map((call) => call.rawPath)).toContain(
      `/v1/${gateway!.sandbox.env.HUAWEICLOUD_SDK_PROJECT_ID}/images/${IMAGE_ID}`,
    );

    // Monaco's workers came from the gateway too.
    const workers = page.workers().map((worker) => worker.url());
    expect(workers.length).toBeGreaterThan(0);
    for (const worker of workers) expect(worker.startsWith(`${base}/graphiql/`)).toBe(true);

    // To look at the page: GRAPHIQL_SCREENSHOT=/tmp/graphiql.png npx vitest run test/graphiql/graphiql.browser.test.ts
    if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT });

    // A returning visitor (same profile, new tab) gets the saved tabs back,
    // variables included, and no extra tab.
    const again = await context.newPage();
    await again.goto(`${base}/graphql`, { waitUntil: 'load' });
    await step('saved tabs restored on a second visit', async () => {
      const queryEditor = again.locator('.graphiql-query-editor .monaco-editor .view-lines');
      await expect.poll(() => queryEditor.textContent(), { timeout: 30_000 }).toContain('modelArtsImage');
      const variablesEditor = again.locator('.graphiql-editor-tool .monaco-editor .view-lines').first();
      await expect.poll(() => variablesEditor.textContent(), { timeout: 10_000 }).toContain(IMAGE_ID);
      await expect.poll(() => again.locator('.graphiql-tab').count()).toBe(EXAMPLES.length);
    });
    await again.waitForLoadState('networkidle');
    await again.close();

    expect(problems).toEqual([]);
    // Only the gateway on 127.0.0.1 was asked for anything (data: URLs are not requests).
    expect(requests).toContain(`${base}/graphql`);
    expect(requests.filter((url) => url.startsWith(`${base}/graphiql/`)).length).toBeGreaterThan(3);
    expect(requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== base)).toEqual([]);
  }, 120_000);

  it('runs a subscription: a saved notebook is watched until ACTIVE shows in the result pane', async () => {
    const { context } = chromium!;
    const base = new URL(gateway!.url).origin;
    const page = await context.newPage();
    const problems: string[] = [];
    const sockets: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${base}/graphql`, { waitUntil: 'load' });

    const tab = (name: string) => page.locator('.graphiql-tab-button', { hasText: name });
    const queryEditor = page.locator('.graphiql-query-editor .monaco-editor .view-lines');
    const variablesEditor = page.locator('.graphiql-editor-tool .monaco-editor').first();
    const result = page.locator('.result-window .monaco-editor .view-lines');
    /** The result pane's text, Monaco's non-breaking spaces as spaces. */
    const resultText = async () => ((await result.textContent()) ?? '').replace(/\u00a0/g, ' ');

    // Save a notebook with the SaveNotebookAsImage example; the new image is QUEUED.
    await tab('SaveNotebookAsImage').click();
    await expect.poll(() => queryEditor.textContent(), { timeout: 30_000 }).toContain('saveNotebookAsImage');
    await page.locator('button.graphiql-execute-button').click();
    await expect.poll(resultText, { timeout: 30_000 }).toContain('"QUEUED"');
    // The pane wraps long lines: the id may come in pieces.
    const id = /"id":\s*"([A-Za-z0-9_\-\s]+)"/.exec(await resultText())?.[1].replace(/\s+/g, '');
    expect(id, await resultText()).toBeDefined();
    const nativeId = gateway!.gateway.sources.decodeId(id!, 'id').nativeId;

    // Watch it with the ImageChanged example, its variables set to the new id.
    await tab('ImageChanged').click();
    await expect.poll(() => queryEditor.textContent(), { timeout: 10_000 }).toContain('imageChanged');
    await variablesEditor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    // Typed as a person would; Monaco closes brackets and quotes, and types over its own closers.
    await page.keyboard.type(JSON.stringify({ id }));
    await expect
      .poll(async () => ((await variablesEditor.locator('.view-lines').textContent()) ?? '').replace(/\s+/g, ''))
      .toBe(JSON.stringify({ id }));
    await page.locator('button.graphiql-execute-button').click();
    // Live: the image shows while the save runs, then ACTIVE replaces it.
    await expect.poll(resultText, { timeout: 30_000 }).toMatch(/"imageChanged".*"status": "(QUEUED|CREATING)"/);
    await expect.poll(resultText, { timeout: 30_000 }).toMatch(/"imageChanged".*"status": "ACTIVE"/);
    expect(await resultText()).toContain(`"nativeId": "${nativeId}"`);

    // It went over WebSocket to the gateway's /graphql, which polled the image on the sandbox.
    expect(sockets).toContain(`${base.replace(/^http/, 'ws')}/graphql`);
    const project = gateway!.sandbox.env.HUAWEICLOUD_SDK_PROJECT_ID;
    const reads = gateway!.sandbox.modelarts
      .calls()
      .filter((call) => call.method === 'GET' && call.rawPath === `/v1/${project}/images/${nativeId}`);
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
