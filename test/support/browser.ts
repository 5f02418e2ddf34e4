/**
 * Headless Chromium for browser tests: Debian's `chromium` package driven by
 * playwright-core (no browser download). Each launch gets a fresh temporary
 * profile, and `close()` ends that one browser and removes that profile.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface LaunchedChromium {
  /** The browser's only context (persistent, in `userDataDir`). */
  context: BrowserContext;
  /** The page Chromium opened at start. */
  page: Page;
  userDataDir: string;
  /** Closes this browser (its process ends) and deletes its profile. Idempotent. */
  close(): Promise<void>;
}

export async function launchChromium(options: { timeoutMs?: number } = {}): Promise<LaunchedChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} not found: install Debian's chromium with scripts/install-system-deps.sh ` +
        '(it runs apt-get install chromium); browser tests need it and are never skipped.',
    );
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'image-gateway-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: options.timeoutMs ?? 30_000,
      viewport: { width: 1280, height: 800 },
      // Don't let the test runner's env (proxies, display) reach the browser.
      env: { HOME: userDataDir, PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: tmpdir() },
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  let closing: Promise<void> | undefined;
  return {
    context,
    page,
    userDataDir,
    close() {
      closing ??= (async () => {
        try {
          await context.close();
        } finally {
          await rm(userDataDir, { recursive: true, force: true });
        }
      })();
      return closing;
    },
  };
}
