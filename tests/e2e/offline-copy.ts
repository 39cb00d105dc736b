import type { Page } from '@playwright/test';

/** Helpers of the tests of the course's service worker (offline.spec.ts, offline-verify.spec.ts). */

/**
 * Waits until the course's service worker controls the page. It activates only once it has kept every file
 * of the build, so from then on the site works offline.
 */
export async function waitForOfflineCopy(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
}

/** Runs `read` in the page; when a navigation (the page reloading itself) cuts it short, runs it again after. */
export async function afterAnyReload<T>(page: Page, read: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (!/Execution context was destroyed|navigat/i.test(String(error))) throw error;
      await page.waitForLoadState('load');
    }
  }
}

/** The names of the caches the course filled (the lab's own data cache aside). */
export function courseCaches(page: Page): Promise<string[]> {
  return afterAnyReload(page, () =>
    page.evaluate(async () => (await caches.keys()).filter((name) => name.startsWith('gpu-course-offline-'))),
  );
}
