import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../../support/process.js';

/** Debian's Chromium, installed by .ci/run (no browser is downloaded at run time). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** A fresh profile (no cache, no stored session), for a cold first visit. */
  freshContext(options?: { viewport?: { width: number; height: number }; locale?: string }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Launches Chromium headless on a fresh --user-data-dir. A missing Chromium fails the test with
 * what to install; it never skips.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is required for the browser tests and is missing at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (bash .ci/run does), or set CHROMIUM_PATH.`);
  }
  const dirs: string[] = [];
  const contexts: BrowserContext[] = [];
  const open = async (viewport = { width: 1280, height: 800 }, locale = 'zh-CN') => {
    const dir = mkdtempSync(join(tmpdir(), 'dj-chromium-'));
    dirs.push(dir);
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, locale, timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    return context;
  };
  const context = await open();
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    freshContext: (options = {}) => open(options.viewport, options.locale),
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in page, as a person does. */
export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  // Whoever was signed in before (a failed step may not have signed out) leaves first.
  await page.goto(`${base}/login`);
  await page.evaluate(() => (globalThis as any).localStorage.clear());
  await page.goto(`${base}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('[data-test=login-submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('[data-test=sign-out]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/login'));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  // Let transitions and charts finish drawing: wait until no animation is running.
  await page.waitForFunction(() => (globalThis as any).document.getAnimations().every((a: { playState: string }) => a.playState !== 'running'), undefined, { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
