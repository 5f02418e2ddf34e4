// How the gateway serves the catalog (src/catalog/index.ts) over plain HTTP:
// the page at / with its CSP and the page config, the hashed assets cached
// for a year and gzipped, nothing outside the assets directory; and with
// IMAGE_GATEWAY_UI=false, no page at / (a redirect to GraphiQL) and no assets.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogBuildDir } from '../../src/catalog/index.js';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { SOURCES } from '../../src/sources/index.js';
import { ensureCatalogBuilt } from '../support/catalog-build.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

describe('the catalog route', () => {
  let on: TestGateway;
  let off: TestGateway;
  let script: string;

  beforeAll(async () => {
    ensureCatalogBuilt();
    script = readdirSync(path.join(catalogBuildDir(), 'assets')).find((name) => name.endsWith('.js'))!;
    [on, off] = await Promise.all([startTestGateway(), startTestGateway({ env: { IMAGE_GATEWAY_UI: 'false' } })]);
  }, 120_000);

  afterAll(async () => {
    await on?.stop();
    await off?.stop();
  });

  const origin = (gateway: TestGateway) => new URL(gateway.url).origin;

  it('serves the page at / with a strict CSP and the auth methods in its config', async () => {
    const response = await fetch(`${origin(on)}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain(
      '<script type="application/json" id="catalog-config">{"endpoint":"/graphql","auth":[]}</script>',
    );
    expect(html).toContain(`/catalog/assets/${script}`);
    // Only the page's own origin is named: no CDN.
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves hashed assets for a year, gzipped when asked, and nothing else', async () => {
    const plain = await fetch(`${origin(on)}/catalog/assets/${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const zipped = await fetch(`${origin(on)}/catalog/assets/${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(await zipped.text()).toBe(await plain.text()); // fetch inflates it
    for (const probe of ['../index.html', '..%2Findex.html', 'nested/x.js', 'missing-AAAAAAAA.js', '']) {
      expect((await fetch(`${origin(on)}/catalog/assets/${probe}`)).status, probe).toBe(404);
    }
  });

  it('with IMAGE_GATEWAY_UI=false, / sends people to GraphiQL and the assets are gone', async () => {
    const root = await fetch(`${origin(off)}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/graphql');
    expect((await fetch(`${origin(off)}/catalog/assets/${script}`)).status).toBe(404);
  });

  it('IMAGE_GATEWAY_UI is on by default, read as a boolean, and a typo is refused at start', () => {
    expect(loadConfig({}, SOURCES).server.ui).toBe(true);
    expect(loadConfig({ IMAGE_GATEWAY_UI: 'false' }, SOURCES).server.ui).toBe(false);
    expect(() => loadConfig({ IMAGE_GATEWAY_UI: 'maybe' }, SOURCES)).toThrow(ConfigError);
    expect(() => loadConfig({ IMAGE_GATEWAY_UI: 'maybe' }, SOURCES)).toThrow(/IMAGE_GATEWAY_UI/);
  });
});
