/**
 * The GraphiQL page's server side without a browser: asset serving refuses
 * every way out of its directory, and the HTML keeps example text as data.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGraphiqlAssetHandler,
  graphiqlAssetsDir,
  graphiqlLandingPagePlugin,
  renderGraphiqlHtml,
  serveGraphiqlAsset,
  type GraphiqlAssetHandler,
  type GraphiqlExample,
} from '../../src/graphiql/index.js';
import { projectRoot } from '../../src/project.js';

/** Requests that try to leave the assets directory or reach what it must not serve. */
function escapes(secret: string, secretAbsolute: string): string[] {
  return [
    `../${secret}`,
    `/graphiql/../${secret}`,
    `/graphiql/../../${secret}`,
    `%2e%2e/${secret}`,
    `%2E%2E%2F${secret}`,
    `/graphiql/%2e%2e%2f${secret}`,
    `/graphiql/..%2f${secret}`,
    `/graphiql/..%5c${secret}`,
    `/graphiql/..\\${secret}`,
    `/graphiql/%252e%252e%252f${secret}`,
    `/graphiql/....//${secret}`,
    `/graphiql/.%2e/${secret}`,
    secretAbsolute,
    `/graphiql/${secretAbsolute}`,
    `/graphiql/${encodeURIComponent(secretAbsolute)}`,
    `//${secretAbsolute}`,
    `file://${secretAbsolute}`,
    '/etc/passwd',
    '/graphiql//etc/passwd',
    '/graphiql/%2fetc%2fpasswd',
    'C:\\Windows\\win.ini',
    '/graphiql/%00',
    '/graphiql/%E0%A4%A',
    '',
    '/',
    '/graphiql/',
    '/graphiql/.',
    '/graphiql/..',
  ];
}

describe('createGraphiqlAssetHandler', () => {
  // <base>/secret.txt beside the served <base>/graphiql/ directory.
  const base = mkdtempSync(path.join(tmpdir(), 'graphiql-assets-test-'));
  const dir = path.join(base, 'graphiql');
  let serve: GraphiqlAssetHandler;
  const js = 'console.log("graphiql");\n'.repeat(100);

  beforeAll(() => {
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
    writeFileSync(path.join(dir, 'app-ABCDEFGH.js'), js);
    writeFileSync(path.join(dir, 'app-ABCDEFGH.js.gz'), gzipSync(js));
    writeFileSync(path.join(dir, 'codicon-QRSTUV23.ttf'), Buffer.from([0, 1, 0, 0]));
    writeFileSync(path.join(dir, 'manifest.json'), '{}');
    writeFileSync(path.join(dir, 'tool.exe'), 'MZ');
    writeFileSync(path.join(dir, '.hidden.js'), 'hidden');
    writeFileSync(path.join(dir, 'sub', 'nested.js'), 'nested');
    symlinkSync(path.join(base, 'secret.txt'), path.join(dir, 'link.txt'));
    serve = createGraphiqlAssetHandler(dir);
  });

  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('serves a hashed file with its type and a year-long immutable cache', () => {
    for (const pathname of [
      '/graphiql/app-ABCDEFGH.js',
      '/app-ABCDEFGH.js',
      'app-ABCDEFGH.js',
      '/graphiql/app-ABCDEFGH.js?v=1',
    ]) {
      const asset = serve(pathname);
      expect(asset, pathname).toBeDefined();
      expect(asset!.status).toBe(200);
      expect(asset!.body.toString()).toBe(js);
      expect(asset!.headers).toMatchObject({
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=31536000, immutable',
        'content-length': String(Buffer.byteLength(js)),
        'x-content-type-options': 'nosniff',
        vary: 'accept-encoding',
      });
      expect(asset!.headers['content-encoding']).toBeUndefined();
    }
    expect(serve('/graphiql/codicon-QRSTUV23.ttf')!.headers['content-type']).toBe('font/ttf');
  });

  it('revalidates files without a hash', () => {
    const asset = serve('/graphiql/manifest.json');
    expect(asset!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(asset!.headers['cache-control']).toBe('no-cache');
  });

  it('sends the gzip sibling only when the client accepts gzip', () => {
    const gz = serve('/graphiql/app-ABCDEFGH.js', { acceptEncoding: 'br, gzip, deflate' });
    expect(gz!.headers['content-encoding']).toBe('gzip');
    expect(gz!.body.equals(gzipSync(js))).toBe(true);
    expect(gz!.headers['content-length']).toBe(String(gz!.body.length));
    expect(
      serve('/graphiql/app-ABCDEFGH.js', { acceptEncoding: 'gzip;q=0, br' })!.headers['content-encoding'],
    ).toBeUndefined();
    expect(
      serve('/graphiql/app-ABCDEFGH.js', { acceptEncoding: 'identity' })!.headers['content-encoding'],
    ).toBeUndefined();
    // manifest.json has no .gz sibling: plain body even when gzip is accepted.
    expect(serve('/graphiql/manifest.json', { acceptEncoding: 'gzip' })!.headers['content-encoding']).toBeUndefined();
  });

  it.each(escapes('secret.txt', path.join(base, 'secret.txt')))('refuses %j', (pathname) => {
    expect(serve(pathname)).toBeUndefined();
  });

  it('refuses sub-directories, symlinks, hidden files, unknown types and raw .gz files', () => {
    for (const pathname of [
      '/graphiql/sub/nested.js',
      '/graphiql/sub%2fnested.js',
      '/graphiql/sub',
      '/graphiql/link.txt',
      '/graphiql/.hidden.js',
      '/graphiql/tool.exe',
      '/graphiql/app-ABCDEFGH.js.gz',
      '/graphiql/missing-ABCDEFGH.js',
      '/graphiql/app-ABCDEFGH.js%00.png',
    ]) {
      expect(serve(pathname), pathname).toBeUndefined();
    }
  });
});

describe('serveGraphiqlAsset', () => {
  it('finds the project root from source and serves from its dist/graphiql', () => {
    expect(projectRoot()).toBe(path.resolve(import.meta.dirname, '../..'));
    expect(graphiqlAssetsDir()).toBe(path.join(projectRoot(), 'dist', 'graphiql'));
  });

  it.each(escapes('package.json', path.join(path.resolve(import.meta.dirname, '../..'), 'package.json')))(
    'refuses %j',
    (pathname) => {
      expect(serveGraphiqlAsset(pathname)).toBeUndefined();
    },
  );

  it('refuses ../../package.json from the real assets directory in every spelling', () => {
    for (const pathname of [
      '/graphiql/../../package.json',
      '/graphiql/..%2f..%2fpackage.json',
      '/graphiql/%2e%2e%2f%2e%2e%2fpackage.json',
    ]) {
      expect(serveGraphiqlAsset(pathname), pathname).toBeUndefined();
    }
  });
});

describe('renderGraphiqlHtml', () => {
  const hostile = '</script><script>alert(1)</script><!-- \u2028 \u2029 & \'"';
  const examples: GraphiqlExample[] = [
    {
      name: `Evil ${hostile}`,
      document: `query Evil {\n  modelArtsImage(id: "${hostile.replace(/["\\]/g, '\\$&')}") { name }\n}\n# ${hostile}\n`,
      variables: { id: hostile, nested: { list: [hostile] } },
    },
    { name: 'Plain', document: '{ __typename }' },
  ];
  const html = renderGraphiqlHtml({
    endpoint: '/graphql',
    assetsBase: '/graphiql',
    title: 'Images </title><script>alert(2)</script>',
    examples,
  });

  it('embeds the examples as JSON that cannot close the script tag', () => {
    expect(html.match(/<\/script/gi)).toHaveLength(2); // the config tag and the module tag, nothing else
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('alert(1)</script>');
    expect(html).not.toContain('<!--');
    expect(html).not.toMatch(/[\u2028\u2029]/);
    const json = /<script type="application\/json" id="graphiql-config">([^<]*)<\/script>/.exec(html)?.[1];
    expect(json).toBeDefined();
    expect(json).not.toMatch(/[<>&]/);
    expect(JSON.parse(json!)).toEqual({
      endpoint: '/graphql',
      title: 'Images </title><script>alert(2)</script>',
      examples,
    });
  });

  it('escapes the title and has no inline executable script', () => {
    expect(html).toContain('<title>Images &lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;</title>');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(2);
    for (const tag of scripts)
      expect(tag).toMatch(/type="application\/json"|type="module" src="\/graphiql\/[^"]+\.js"/);
  });

  it('loads assets from assetsBase (with a trailing slash added) and sets a CSP', () => {
    expect(html).toMatch(/<link rel="stylesheet" href="\/graphiql\/[^"/]+\.css">/);
    expect(html).toMatch(/<script type="module" src="\/graphiql\/[^"/]+\.js"><\/script>/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('allows an absolute endpoint origin to be fetched, and its WebSocket twin for subscriptions', () => {
    const page = renderGraphiqlHtml({
      endpoint: 'https://api.example.test/graphql',
      assetsBase: '/graphiql/',
      examples: [],
    });
    expect(page).toContain("connect-src 'self' https://api.example.test wss://api.example.test;");
  });

  it('is what the Apollo landing page plugin serves', async () => {
    const options = { endpoint: '/graphql', assetsBase: '/graphiql/', examples };
    const listener = await graphiqlLandingPagePlugin(options).serverWillStart!({} as never);
    const landingPage = await listener!.renderLandingPage!();
    const rendered = typeof landingPage.html === 'string' ? landingPage.html : await landingPage.html();
    expect(rendered).toBe(renderGraphiqlHtml(options));
  });
});
