import type { Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { siteHeaders } from '../../src/integrations/headers.ts';
import { builtSiteDir } from './built-pages.ts';
import { test, expect, openLab, pasteCode, runLabToDone } from './fixtures.ts';
import { courseCaches, waitForOfflineCopy } from './offline-copy.ts';
import { startSiteProxy, type SiteProxy } from './site-proxy.ts';

/**
 * The service worker answers only with copies it has verified against the build (src/offline/verify-entry.ts):
 * anything in the origin, a lab program say, can write Cache Storage, so a planted page or a damaged data
 * chunk must be dropped and fetched again, never served, and never carried into the next build's cache.
 * One visit fills the cache (about 31 MB), so the steps share one page.
 */

// Pasting puts code in exactly as written; the other tests keep the service worker off (playwright.config.ts).
test.use({ serviceWorkers: 'allow', permissions: ['clipboard-read', 'clipboard-write'] });

const labLesson = '/module-5/day-10-moving-to-devices/';
const chunkUrl = '/data/cifar10/train-00.bin';
const chunkSha256 = createHash('sha256')
  .update(readFileSync(path.join(builtSiteDir, chunkUrl)))
  .digest('hex');

/** A program that reads the CNN lab's first training chunk through lab.fetchData, checksum and all. */
const chunkProgram = [
  "import type { Lab } from '../api';",
  '',
  'export default async function main(lab: Lab) {',
  "  const manifest = JSON.parse(new TextDecoder().decode(await lab.fetchData('cifar10/manifest.json')));",
  '  const chunk = manifest.splits.train.chunks[0];',
  "  const bytes = await lab.fetchData('cifar10/' + chunk.file, { sha256: chunk.sha256, bytes: chunk.bytes });",
  "  lab.log('read ' + chunk.file + ': ' + bytes.length + ' bytes');",
  '}',
].join('\n');

/** The SHA-256 (hex) of what `cacheName` holds for `url`, or null when it holds nothing. */
function cachedSha256(page: Page, cacheName: string, url: string): Promise<string | null> {
  return page.evaluate(
    async ([name, key]) => {
      const kept = await (await caches.open(name)).match(key);
      if (!kept) return null;
      const digest = await crypto.subtle.digest('SHA-256', await kept.arrayBuffer());
      return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
    },
    [cacheName, url],
  );
}

/** The SHA-256 (hex) of what the page gets when it fetches `url` with `mode`. */
function fetchedSha256(page: Page, url: string, mode: RequestCache = 'default'): Promise<string> {
  return page.evaluate(
    async ([key, cache]) => {
      const digest = await crypto.subtle.digest('SHA-256', await (await fetch(key, { cache })).arrayBuffer());
      return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
    },
    [url, mode] as const,
  );
}

/** Flips one byte in the middle of what `cacheName` holds for `url`: the same size, another checksum. */
function damage(page: Page, cacheName: string, url: string): Promise<void> {
  return page.evaluate(
    async ([name, key]) => {
      const cache = await caches.open(name);
      const bytes = new Uint8Array(await ((await cache.match(key)) ?? new Response()).arrayBuffer());
      bytes[bytes.length >> 1] ^= 0xff;
      await cache.put(key, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
    },
    [cacheName, url],
  );
}

/** The HTML and policy a program in the origin could plant under a lesson's URL. */
const plantedPage = '<!doctype html><title>Planted</title><h1>Planted by a lab program</h1>';
const permissivePolicy = "default-src * 'unsafe-inline' 'unsafe-eval'";

let host: SiteProxy;
/** What the host was asked for since request number `first`, leaving out the browser's checks for a new sw.js. */
function downloadsSince(first: number): string[] {
  return host.requests.slice(first).filter((url) => !url.startsWith('/sw.js'));
}
test.beforeEach(async ({ baseURL }) => {
  host = await startSiteProxy(baseURL ?? '');
});
test.afterEach(async () => {
  await host.close();
});

test('a planted page, a damaged chunk and a new build: only verified copies are served or reused', async ({ page, context }) => {
  test.setTimeout(300_000);
  await page.goto(`${host.origin}/`);
  await waitForOfflineCopy(page);
  const [cacheName] = await courseCaches(page);

  await test.step('a page planted in the cache with a permissive policy is dropped; the real page is served', async () => {
    await page.evaluate(
      async ([name, body, policy]) => {
        const planted = new Response(body, { headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': policy } });
        await (await caches.open(name)).put('/module-5/', planted);
      },
      [cacheName, plantedPage, permissivePolicy],
    );
    const response = await page.goto(`${host.origin}/module-5/`);
    expect(response?.fromServiceWorker()).toBe(true);
    expect(response?.headers()['content-security-policy']).toBe(siteHeaders['Content-Security-Policy']);
    await expect(page.locator('main h1')).toContainText('Module 5');
    await expect(page.getByText('Planted by a lab program')).toHaveCount(0);
    // The planted copy was replaced by a verified download, so the next visit needs no network either.
    const kept = await page.evaluate(async (name) => (await (await caches.open(name)).match('/module-5/'))?.text(), cacheName);
    expect(kept).toContain('Module 5');
    expect(kept).not.toContain('Planted');
  });

  await test.step('a damaged data chunk is dropped, downloaded again, verified and replaced', async () => {
    await damage(page, cacheName, chunkUrl);
    expect(await cachedSha256(page, cacheName, chunkUrl)).not.toBe(chunkSha256);
    const requestsBefore = host.requests.length;
    expect(await fetchedSha256(page, chunkUrl)).toBe(chunkSha256);
    expect(downloadsSince(requestsBefore)).toContain(chunkUrl);
    expect(await cachedSha256(page, cacheName, chunkUrl)).toBe(chunkSha256);
  });

  await test.step('a fetch with cache: reload goes past the cache to the network, and offline gets the verified copy', async () => {
    const requestsBefore = host.requests.length;
    expect(await fetchedSha256(page, chunkUrl)).toBe(chunkSha256);
    expect(downloadsSince(requestsBefore), 'a plain fetch is answered from the cache').toEqual([]);
    expect(await fetchedSha256(page, chunkUrl, 'reload')).toBe(chunkSha256);
    expect(downloadsSince(requestsBefore)).toEqual([chunkUrl]);
    await context.setOffline(true);
    expect(await fetchedSha256(page, chunkUrl, 'reload')).toBe(chunkSha256);
    await context.setOffline(false);
  });

  await test.step('a lab reads the chunk with its checksum when both the lab’s copy and the worker’s are damaged', async () => {
    const lab = await openLab(page, `${host.origin}${labLesson}`, 'hello-tensors');
    await damage(page, cacheName, chunkUrl);
    // The lab keeps checked files in a cache of its own (src/lab/worker/data-host-browser.ts): a damaged copy there
    // makes the data loader ask again with cache: 'reload', which the service worker must not answer from its cache.
    await page.evaluate(
      async ([url, sha256]) => {
        const key = `${new URL(url, location.href).href}?sha256=${sha256}`;
        await (await caches.open('gpu-course-data-v1')).put(key, new Response(new Uint8Array(4_634_137)));
      },
      [chunkUrl, chunkSha256],
    );
    await pasteCode(page, lab, chunkProgram);
    const output = await runLabToDone(lab);
    await expect(output).toContainText('read train-00.bin: 4634137 bytes');
    expect(await cachedSha256(page, cacheName, chunkUrl)).toBe(chunkSha256);
  });

  await test.step('a new build downloads again what is damaged in the old cache, and reuses only verified copies', async () => {
    await damage(page, cacheName, chunkUrl);
    await page.evaluate(
      async ([name, body]) => {
        await (await caches.open(name)).put('/404.html', new Response(body, { headers: { 'Content-Type': 'text/html' } }));
      },
      [cacheName, plantedPage],
    );
    const currentId = /gpu-course-offline-([0-9a-f]+)/.exec(cacheName)?.[1] ?? '';
    const nextId = [...currentId].reverse().join('');
    const nextCache = `gpu-course-offline-${nextId}`;
    host.rewrite('/sw.js', (source) => source.replaceAll(currentId, nextId));
    const requestsBefore = host.requests.length;
    await page.reload(); // browsers look for a new sw.js whenever a page is opened
    await expect(page.getByText('A new version of the course is available')).toBeVisible({ timeout: 60_000 });
    expect(downloadsSince(requestsBefore).sort()).toEqual(['/404.html', chunkUrl]);
    expect(await cachedSha256(page, nextCache, chunkUrl)).toBe(chunkSha256);
    const page404 = await page.evaluate(async (name) => (await (await caches.open(name)).match('/404.html'))?.text(), nextCache);
    expect(page404).not.toContain('Planted');
  });
});
