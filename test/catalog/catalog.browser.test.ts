/**
 * The catalog web app in Debian's headless Chromium, served by the real
 * gateway over the sandbox, driven by role and accessible name as a person
 * with a screen reader would: it loads from the gateway alone (every request
 * to 127.0.0.1, no console error), filters and searches on the server, pages,
 * opens details; registers, saves a notebook and watches the save reach
 * ACTIVE live; deletes behind a confirmation; says which source failed; says
 * when the live line is down and comes back. Two screenshots go to
 * docs/screenshots/ for the README.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELARTS_SEED } from '../../src/sandbox/modelarts/seed.js';
import { projectRoot } from '../../src/project.js';
import { launchChromium, type LaunchedChromium } from '../support/browser.js';
import { ensureCatalogBuilt } from '../support/catalog-build.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { trackUpgrades, watchPage, type PageWatch } from './page-watch.js';

const SCREENSHOTS = path.join(projectRoot(), 'docs', 'screenshots');
/** The sandbox's documented ModelArts image (docs/vendor/000-modelarts-image-details.txt). */
const DOC_IMAGE_NAME = 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04';

describe('the catalog in headless Chromium', () => {
  let gateway: TestGateway;
  let chromium: LaunchedChromium;
  let page: Page;
  let watch: PageWatch;
  let base: string;
  let upgrades: ReturnType<typeof trackUpgrades>;

  beforeAll(async () => {
    ensureCatalogBuilt();
    // A save is QUEUED (INIT) for 3 s, CREATING for 3 s, then ACTIVE; watched every 200 ms at first.
    gateway = await startTestGateway({
      env: { IMAGE_GATEWAY_WATCH_INTERVAL_MS: '200' },
      sandbox: { modelarts: { saveDelaysMs: { creating: 3000, active: 3000 } } },
    });
    base = new URL(gateway.url).origin;
    upgrades = trackUpgrades(gateway.gateway.server);
    chromium = await launchChromium();
    page = chromium.page;
    watch = watchPage(chromium.context);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.stop();
  });

  const table = () => page.getByRole('table', { name: 'Images' });
  /** The rows' image names, in order (the name is the row header's button). */
  const names = () => table().getByRole('rowheader').allTextContents();
  /** The row of the image named `name`. */
  const rowOf = (name: string) =>
    table()
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name, exact: true }) });

  it('loads offline from the gateway, with the table, its columns and the filters', async () => {
    const response = await page.goto(`${base}/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await expect.poll(() => names().then((n) => n.length), { timeout: 20_000 }).toBe(10);
    const headers = await table().getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Name', 'Provider', 'Region', 'Status', 'Architecture', 'Size', 'Visibility', 'Created']);
    for (const label of ['Provider', 'Status', 'Architecture', 'Visibility']) {
      await expect.poll(() => page.getByRole('combobox', { name: label, exact: true }).count()).toBe(1);
    }
    expect(await page.getByRole('searchbox', { name: 'Search' }).count()).toBe(1);
    for (const action of ['Register image', 'Save notebook as image', 'Create IMS image', 'Add E-HPC image']) {
      expect(await page.getByRole('button', { name: action, exact: true }).count()).toBe(1);
    }
    // The Status cell carries the vendor's own word beside the normalized one.
    const failedRow = rowOf('ubuntu1804-import-failed');
    await expect.poll(() => failedRow.getByRole('cell').nth(2).textContent()).toMatch(/Failed.*killed/);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Live updates on' }).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'catalog.png') });
    await page.waitForLoadState('networkidle');
    expect(watch.problems).toEqual([]);
    expect(watch.requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== base)).toEqual([]);
  }, 60_000);

  it('sends every filter and the search to the server, and shows what it answers', async () => {
    watch.operations.length = 0;
    await page.getByRole('combobox', { name: 'Provider', exact: true }).selectOption({ label: 'IMS' });
    // Until the filtered page arrives the rows are the unfiltered ones, whose first row may be IMS too:
    // wait for every row to be IMS, not for the first one.
    const providers = () =>
      table()
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[0]?.textContent));
    await expect.poll(async () => [...new Set(await providers())]).toEqual(['IMS']);
    await page.getByRole('combobox', { name: 'Architecture', exact: true }).selectOption({ label: 'aarch64' });
    await page.getByRole('combobox', { name: 'Visibility', exact: true }).selectOption({ label: 'Shared' });
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption({ label: 'Active' });
    await expect.poll(names).toEqual(['platform-base-arm']);
    expect(watch.lastFilter()).toEqual({
      providers: ['IMS'],
      architecture: ['AARCH64'],
      visibility: ['SHARED'],
      status: ['ACTIVE'],
    });
    for (const label of ['Provider', 'Status', 'Architecture', 'Visibility']) {
      await page.getByRole('combobox', { name: label, exact: true }).selectOption({ label: 'All' });
    }
    await page.getByRole('searchbox', { name: 'Search' }).fill('pytorch');
    await expect
      .poll(names)
      .toEqual(expect.arrayContaining(['pytorch1_4', 'pytorch_1_8', 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04']));
    expect((await names()).every((name) => name.toLowerCase().includes('pytorch'))).toBe(true);
    expect(watch.lastFilter()).toEqual({ nameContains: 'pytorch' });
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect.poll(() => names().then((n) => n.length)).toBe(10);
  }, 60_000);

  it('pages with "Next page" (replacing the rows) and back with "Previous page"', async () => {
    const first = await names();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(names).not.toEqual(first);
    const second = await names();
    expect(second).toHaveLength(10);
    expect(second.filter((name) => first.includes(name))).toEqual([]);
    expect(watch.operations.at(-1)?.variables.after).toEqual(expect.any(String));
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(names).toEqual(first);
  }, 60_000);

  it('opens an image’s details: a dialog named after it, with its native id and every vendor field', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill(DOC_IMAGE_NAME);
    await expect.poll(names).toEqual([DOC_IMAGE_NAME]);
    await page.getByRole('button', { name: DOC_IMAGE_NAME, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: DOC_IMAGE_NAME });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => dialog.textContent()).toContain('ModelArtsImage fields');
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain(MODELARTS_SEED.imageIds.docDetails);
    for (const field of ['Swr path', 'Resource categories', 'Dev services', 'Service type', 'Workspace id']) {
      expect(text).toContain(field);
    }
    expect(text).toContain('swr.xxx.com/atelier/pytorch_1_8');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
  }, 60_000);

  it('registers a ModelArts image, checking the form as the API does, and shows it as a row', async () => {
    await page.getByRole('button', { name: 'Register image' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register image' });
    const swrPath = dialog.getByRole('textbox', { name: 'SWR path' });
    const before = watch.operations.length;
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    await expect.poll(() => swrPath.getAttribute('aria-invalid')).toBe('true');
    await swrPath.fill('not a path');
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    await expect
      .poll(() =>
        swrPath.evaluate(
          (input) => document.getElementById(input.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent,
        ),
      )
      .toMatch(/registry\/organization\/repository/);
    expect(watch.operations.length).toBe(before); // the browser's check: nothing was sent
    await swrPath.fill('swr.example.com/catalog-org/catalog-registered:v1');
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => rowOf('catalog-registered').count(), { timeout: 10_000 }).toBe(1);
    expect(watch.operations.some((op) => op.operationName === 'CatalogRegisterModelArtsImage')).toBe(true);
  }, 60_000);

  it('saves a notebook as an image and shows its status change to Active without a reload', async () => {
    await page.getByRole('button', { name: 'Save notebook as image' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save notebook as image' });
    const notebookId = dialog.getByRole('textbox', { name: 'Notebook ID' });
    // The gateway's refusal shows at the field it names (BAD_USER_INPUT, extensions.field input.notebookId).
    await notebookId.fill('00000000-0000-4000-8000-000000000000');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('catalog-saved');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => notebookId.getAttribute('aria-invalid')).toBe('true');
    const description = await notebookId.evaluate(
      (input) => document.getElementById(input.getAttribute('aria-describedby')!)?.textContent,
    );
    expect(description).toBeTruthy();
    await notebookId.fill(MODELARTS_SEED.notebookIds[0]);
    await dialog.getByRole('textbox', { name: 'Tag' }).fill('v1');
    const loads = watch.documentLoads;
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const row = rowOf('catalog-saved');
    const status = () => row.getByRole('cell').nth(2).textContent();
    await expect.poll(status, { timeout: 10_000 }).toMatch(/Queued|Creating/);
    await expect.poll(status, { timeout: 10_000 }).toMatch(/Creating.*CREATING/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'catalog-save-in-progress.png') });
    await expect.poll(status, { timeout: 15_000 }).toMatch(/Active.*ACTIVE/);
    expect(watch.documentLoads).toBe(loads); // no reload
    expect(watch.subscriptions()).toContain('CatalogWatchImage');
  }, 60_000);

  it('creates an IMS image, its name checked in the browser first, and shows it as a row', async () => {
    await page.getByRole('button', { name: 'Create IMS image' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create IMS image' });
    const minDisk = dialog.getByRole('textbox', { name: 'Minimum disk (GB)' });
    await minDisk.fill('2048');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true');
    expect(await minDisk.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('catalog-ims-created');
    await minDisk.fill('20');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => rowOf('catalog-ims-created').count(), { timeout: 10_000 }).toBe(1);
    expect(await rowOf('catalog-ims-created').getByRole('cell').first().textContent()).toBe('IMS');
  }, 60_000);

  it('adds an E-HPC container image; its registry password is sent once and never kept or shown', async () => {
    const password = 'catalog-Registry-pa55';
    await page.getByRole('button', { name: 'Add E-HPC image' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add E-HPC image' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('catalog-ehpc-added');
    await dialog.getByRole('combobox', { name: 'Image type' }).selectOption('CONTAINER');
    await dialog
      .getByRole('textbox', { name: 'Registry URL' })
      .fill('registry-vpc.cn-hangzhou.aliyuncs.com/ehpc_open/catalog:latest');
    await dialog.getByRole('textbox', { name: 'Registry server' }).fill('registry-vpc.cn-hangzhou.aliyuncs.com');
    await dialog.getByRole('textbox', { name: 'Registry user name' }).fill('catalog-user');
    const secret = dialog.getByLabel('Registry password');
    expect(await secret.getAttribute('type')).toBe('password');
    await secret.fill(password);
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => rowOf('catalog-ehpc-added').count(), { timeout: 10_000 }).toBe(1);
    const sent = watch.operations.filter((op) => op.operationName === 'CatalogAddEhpcImage');
    expect(sent).toHaveLength(1);
    expect(sent[0].variables.input.containerImageSpec.registryCredential.password).toBe(password);
    // Not in the page, not in what the page keeps; a new form starts empty.
    expect(await page.content()).not.toContain(password);
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    expect(stored).not.toContain(password);
    await page.getByRole('button', { name: 'Add E-HPC image' }).click();
    await dialog.getByRole('combobox', { name: 'Image type' }).selectOption('CONTAINER');
    expect(await dialog.getByLabel('Registry password').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  }, 60_000);

  it('deletes an image only after the confirmation’s own Delete', async () => {
    const scratch = 'scratch-delete-me';
    const stillThere = async () =>
      (await gateway.query(`{ modelArtsImage(id: "${MODELARTS_SEED.imageIds.scratch}") { id } }`)).body.data
        .modelArtsImage !== null;
    await page.getByRole('searchbox', { name: 'Search' }).fill(scratch);
    await expect.poll(names).toEqual([scratch]);
    await page.getByRole('button', { name: scratch, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: scratch });
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: `Delete ${scratch}?` });
    await expect.poll(() => confirm.isVisible()).toBe(true);
    expect(await stillThere()).toBe(true); // the first click deleted nothing
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    await expect.poll(names).toEqual([]);
    expect(await stillThere()).toBe(false);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
  }, 60_000);

  it('names a failing source in an alert and keeps the other sources’ rows', async () => {
    gateway.sandbox.ehpc.injectFault({ status: 503, body: { Code: 'ServiceUnavailable' }, times: Infinity });
    try {
      await page.reload({ waitUntil: 'load' });
      const alert = page.getByRole('alert').filter({ hasText: 'E-HPC' });
      await expect.poll(() => alert.count(), { timeout: 20_000 }).toBe(1);
      expect(await alert.textContent()).toContain('EHPC');
      const providers = await table()
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.querySelectorAll('td')[0]?.textContent));
      expect(providers.length).toBe(10);
      expect(providers).not.toContain('E-HPC');
      expect(providers).toContain('ModelArts');
    } finally {
      gateway.sandbox.ehpc.clearFaults();
    }
  }, 60_000);

  it('says when the live line is down, and reconnects on its own', async () => {
    await page.reload({ waitUntil: 'load' });
    const status = (text: string) => page.getByRole('status').filter({ hasText: text });
    await expect.poll(() => status('Live updates on').count(), { timeout: 10_000 }).toBe(1);
    // Cut the page's WebSocket from the server side, as a dropped network would.
    expect(upgrades.size).toBeGreaterThan(0);
    for (const socket of upgrades) socket.destroy();
    await expect.poll(() => status('Live updates are down').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => status('Live updates on').count(), { timeout: 15_000 }).toBe(1);
  }, 60_000);
});
