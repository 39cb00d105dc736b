import { removingServiceWorker } from '../../src/integrations/service-worker.ts';
import { builtPages } from './built-pages.ts';
import { afterAnyReload, courseCaches, waitForOfflineCopy } from './offline-copy.ts';
import { test, expect, openLab, runLabToDone } from './fixtures.ts';
import { startSiteProxy, type SiteProxy } from './site-proxy.ts';

/**
 * The course after one visit, with the network gone: every page, a lab and search still work, from the
 * service worker's copy of the build (src/offline/). And a new build waits for the learner: the notice
 * offers it, and only a reload brings it in, so that no page mixes two builds.
 */

// The other tests keep the service worker off (playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

const labLesson = '/module-5/day-10-moving-to-devices/';

let host: SiteProxy;
test.beforeEach(async ({ baseURL }) => {
  host = await startSiteProxy(baseURL ?? '');
});
test.afterEach(async () => {
  await host.close();
});

test('after one visit, every page, a lab and search work offline', async ({ page, context }) => {
  test.setTimeout(300_000);
  await page.goto(`${host.origin}/`);
  await waitForOfflineCopy(page);

  await context.setOffline(true);
  await host.close(); // nothing reaches the site any more, whatever the browser tries

  for (const path of builtPages()) {
    const response = await page.goto(`${host.origin}${path}`);
    expect(response?.status(), path).toBe(200);
    expect(response?.fromServiceWorker(), path).toBe(true);
    await expect(page.locator('main h1').first(), path).toBeVisible();
  }
  await page.reload();
  await expect(page.locator('main h1').first()).toBeVisible();

  // The lab runtime: the editor (Monaco and its TypeScript worker), TensorFlow.js and the lab worker.
  const lab = await openLab(page, `${host.origin}${labLesson}`, 'hello-tensors');
  await expect(await runLabToDone(lab)).toContainText('prices × quantities');

  // Search: Pagefind's script, its WebAssembly and its index.
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the course' });
  await dialog.locator('input').first().fill('Krizhevsky');
  // Pagefind's first search loads its WebAssembly and index; with the other test worker busy, that can take
  // more than the default 10 s on two cores (one clean-clone run in five).
  await expect(dialog.locator('.pagefind-ui__result-link').first()).toBeVisible({ timeout: 30_000 });

  // The CIFAR-10 files of the CNN lab's default run, and the transformer lab's text.
  const dataFiles = [
    ...['manifest.json', 'train-00.bin', 'test-00.bin'].map((file) => `/data/cifar10/${file}`),
    '/data/tiny-shakespeare/manifest.json',
    '/data/tiny-shakespeare/input.txt',
  ];
  const sizes = await page.evaluate(
    (urls) => Promise.all(urls.map(async (url) => (await fetch(url)).arrayBuffer().then((bytes) => bytes.byteLength))),
    dataFiles,
  );
  for (const size of [sizes[1], sizes[2]]) expect(size).toBeGreaterThan(4_000_000);
  expect(sizes[4]).toBe(1_115_394);
});

test('a new build waits until the learner reloads into it; only then does the old copy go', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${host.origin}/module-5/`);
  await waitForOfflineCopy(page);
  const [current] = await courseCaches(page);
  const currentId = /gpu-course-offline-([0-9a-f]+)/.exec(current)?.[1] ?? '';
  expect(currentId).not.toBe('');

  // A new deploy: the same files under a new build id (a real one would change some files too).
  const nextId = [...currentId].reverse().join('');
  host.rewrite('/sw.js', (source) => source.replaceAll(currentId, nextId));
  const requestsBefore = host.requests.length;
  await page.reload(); // browsers look for a new sw.js whenever a page is opened

  const offer = page.getByText('A new version of the course is available');
  await expect(offer).toBeVisible({ timeout: 60_000 });
  // Until then the page stays on the build it was loaded from, and the new build's copy waits beside it.
  expect((await courseCaches(page)).sort()).toEqual([current, `gpu-course-offline-${nextId}`].sort());
  // The new copy reused every unchanged file: nothing but sw.js was downloaded again.
  expect(host.requests.slice(requestsBefore).filter((path) => !path.startsWith('/sw.js'))).toEqual([]);

  await page.getByRole('button', { name: 'Reload' }).click();
  await expect.poll(() => courseCaches(page), { timeout: 30_000 }).toEqual([`gpu-course-offline-${nextId}`]);
  await expect(page.locator('main h1')).toBeVisible();
  await expect(offer).toBeHidden();
});

test('a build made with COURSE_OFFLINE=off removes the offline copy from browsers that kept one', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${host.origin}/`);
  await waitForOfflineCopy(page);
  expect(await courseCaches(page)).toHaveLength(1);

  const removing = await removingServiceWorker('/');
  host.rewrite('/sw.js', () => removing);
  await page.reload();

  await expect
    .poll(
      () => afterAnyReload(page, () => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)),
      {
        timeout: 30_000,
      },
    )
    .toBe(0);
  await expect.poll(() => courseCaches(page)).toEqual([]);
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
});
