/**
 * GraphiQL in a real headless Chromium: the page loads from the gateway alone
 * (every request goes to 127.0.0.1, none fails, no console error, which also
 * covers CSP violations), shows the example operations as tabs, runs the
 * first one and shows its result.
 */
import { ApolloServer, HeaderMap } from '@apollo/server';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  graphiqlAssetsDir,
  graphiqlLandingPagePlugin,
  projectRoot,
  serveGraphiqlAsset,
  type GraphiqlExample,
} from '../src/graphiql/index.js';
import { launchChromium, type LaunchedChromium } from './support/browser.js';

const IMAGE_NAME = 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04';

const EXAMPLES: GraphiqlExample[] = [
  {
    name: 'A ModelArts image by id',
    document: 'query ModelArtsImage($id: ID!) {\n  modelArtsImage(id: $id) {\n    name\n  }\n}\n',
    variables: { id: 'e1a07296-22a8-4f05-8bc8-e936c8e54202' },
  },
  {
    name: 'Without variables </script><script>window.__pwned = true</script>',
    document: 'query JustTheName {\n  modelArtsImage(id: "x") { name }\n}\n',
  },
];

interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/**
 * A throwaway gateway: Apollo Server 5 with a one-field schema, the GraphiQL
 * landing page on /graphql and the assets on /graphiql/*. To be replaced by
 * the real server (src/server.ts) once it exists.
 */
async function startTestServer(): Promise<RunningServer> {
  const apollo = new ApolloServer({
    typeDefs: 'type Query { modelArtsImage(id: ID!): Img } type Img { name: String }',
    resolvers: { Query: { modelArtsImage: () => ({ name: IMAGE_NAME }) } },
    plugins: [graphiqlLandingPagePlugin({ endpoint: '/graphql', assetsBase: '/graphiql/', examples: EXAMPLES })],
  });
  await apollo.start();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname.startsWith('/graphiql/')) {
      const asset = serveGraphiqlAsset(url.pathname, { acceptEncoding: req.headers['accept-encoding'] });
      if (!asset) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(asset.status, asset.headers).end(asset.body);
      return;
    }
    if (url.pathname !== '/graphql') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers,
        search: url.search,
        body: raw && headers.get('content-type')?.includes('json') ? JSON.parse(raw) : raw,
      },
      context: async () => ({}),
    });
    res.writeHead(result.status ?? 200, Object.fromEntries(result.headers));
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}

/** Builds dist/graphiql when it is missing or older than the client sources. */
function ensureGraphiqlBuilt(): void {
  const root = projectRoot();
  const manifest = path.join(graphiqlAssetsDir(), 'manifest.json');
  const sources = [
    path.join(root, 'scripts', 'build-graphiql.mjs'),
    ...readdirSync(path.join(root, 'src', 'graphiql', 'client'), { recursive: true, encoding: 'utf8' }).map(
      (name) => path.join(root, 'src', 'graphiql', 'client', name),
    ),
  ];
  const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  if (sources.some((file) => statSync(file).mtimeMs > builtAt)) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build-graphiql.mjs')], { cwd: root, stdio: 'pipe' });
  }
}

describe('GraphiQL in headless Chromium', () => {
  let server: RunningServer | undefined;
  let chromium: LaunchedChromium | undefined;

  beforeAll(async () => {
    ensureGraphiqlBuilt();
    server = await startTestServer();
    chromium = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('loads offline from the gateway, shows the examples and runs the first one', async () => {
    const { page, context } = chromium!;
    const base = server!.url;
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
      await expect.poll(() => variablesEditor.textContent(), { timeout: 10_000 }).toContain('e1a07296');
    });

    // Every example is a tab, titled by its operation name.
    await step('one tab per example', async () => {
      const tabs = page.locator('.graphiql-tab');
      await expect.poll(() => tabs.count()).toBe(EXAMPLES.length);
      expect(await tabs.allTextContents()).toEqual([
        expect.stringContaining('ModelArtsImage'),
        expect.stringContaining('JustTheName'),
      ]);
    });

    // The example name with </script> stayed data, not markup.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();

    await step('run the first example and show its result', async () => {
      await page.locator('button.graphiql-execute-button').click();
      const result = page.locator('.result-window .monaco-editor .view-lines');
      await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain(IMAGE_NAME);
    });

    // Monaco's workers came from the gateway too.
    const workers = page.workers().map((worker) => worker.url());
    expect(workers.length).toBeGreaterThan(0);
    for (const worker of workers) expect(worker.startsWith(`${base}/graphiql/`)).toBe(true);

    // To look at the page: GRAPHIQL_SCREENSHOT=/tmp/graphiql.png npx vitest run test/graphiql.browser.test.ts
    if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT });

    // A returning visitor (same profile, new tab) gets the saved tabs back,
    // variables included, and no extra tab.
    const again = await context.newPage();
    await again.goto(`${base}/graphql`, { waitUntil: 'load' });
    await step('saved tabs restored on a second visit', async () => {
      const queryEditor = again.locator('.graphiql-query-editor .monaco-editor .view-lines');
      await expect.poll(() => queryEditor.textContent(), { timeout: 30_000 }).toContain('modelArtsImage');
      const variablesEditor = again.locator('.graphiql-editor-tool .monaco-editor .view-lines').first();
      await expect.poll(() => variablesEditor.textContent(), { timeout: 10_000 }).toContain('e1a07296');
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
});
