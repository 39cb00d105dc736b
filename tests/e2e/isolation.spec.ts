import type { Locator, Page } from '@playwright/test';
import { siteHeaders } from '../../src/integrations/headers.ts';
import { test, expect, pasteCode, runLabToDone } from './fixtures.ts';
import { startSiteProxy, type SiteProxy } from './site-proxy.ts';

/**
 * Cross-origin isolation on a host that cannot send the headers (GitHub Pages): the course's service
 * worker adds them, the page reloads once and comes back isolated, WASM runs on every core, and the device
 * check says how the page was isolated, or why it was not.
 */

const deviceCheckLesson = '/module-5/day-9-cpu-vs-gpu/';

// Pasting puts code in exactly as written; the other tests keep the service worker off (playwright.config.ts).
test.use({ serviceWorkers: 'allow', permissions: ['clipboard-read', 'clipboard-write'] });

/** A short program for the device-check lab: its isolation report, and the threads of the WASM backend it runs on. */
const isolationProgram = [
  "import type { Lab } from '../api';",
  "import { describeIsolation } from '../api/isolation.ts';",
  '',
  'export default async function main(lab: Lab) {',
  "  lab.log('isolation: ' + describeIsolation());",
  "  lab.log('device: ' + lab.device().description);",
  '}',
].join('\n');

/** Runs `isolationProgram` in the device-check lab of the lesson open in `page`, on the WASM backend. */
async function runIsolationProgram(page: Page): Promise<Locator> {
  const lab = page.locator('course-lab[data-lab-id="device-check"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await expect(lab).toHaveAttribute('data-state', 'idle');
  await pasteCode(page, lab, isolationProgram);
  await lab.locator('input[data-lab-backend][value="wasm"]').check();
  return runLabToDone(lab);
}

let host: SiteProxy;
test.afterEach(async () => {
  await host.close();
});

test.describe('on a host that sends none of the site headers', () => {
  test.beforeEach(async ({ baseURL }) => {
    host = await startSiteProxy(baseURL ?? '', { withoutHeaders: Object.keys(siteHeaders) });
  });

  test('the service worker isolates the page after one reload, WASM runs on every core, and the device check says so', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    let loads = 0;
    page.on('load', () => loads++);
    const response = await page.goto(`${host.origin}${deviceCheckLesson}`);
    expect(response?.headers()['cross-origin-opener-policy']).toBeUndefined();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);

    // The worker keeps the site, takes control of the page, and the page reloads itself, once.
    await page.waitForFunction(() => crossOriginIsolated && navigator.serviceWorker.controller !== null, null, {
      timeout: 120_000,
    });
    await expect.poll(() => loads).toBe(2);

    // The device check's own report (labs/api/isolation.ts), and the WASM backend's threads.
    const output = await runIsolationProgram(page);
    await expect(output).toContainText("isolation: yes, by the course's service worker");
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await expect(output).toContainText(`device: WebAssembly, ${cores} thread${cores > 1 ? 's' : ''} on ${cores} logical cores`);
    expect(loads, 'the page reloaded only once').toBe(2);
  });

  test('without the service worker the page is not isolated, and the device check says why', async ({ browser }) => {
    const context = await browser.newContext({ serviceWorkers: 'block', permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${host.origin}${deviceCheckLesson}`);
    const output = await runIsolationProgram(page);
    await expect(output).toContainText(
      "isolation: no: the server sends no isolation headers, and the course's service worker is not in control",
    );
    await expect(output).toContainText('device: WebAssembly, 1 thread');
    await context.close();
  });
});

test('on a host that sends the headers, the device check says the server isolated the page', async ({ page, baseURL }) => {
  host = await startSiteProxy(baseURL ?? '');
  await page.goto(`${host.origin}${deviceCheckLesson}`);
  const output = await runIsolationProgram(page);
  await expect(output).toContainText("isolation: yes, by the server's headers");
});
