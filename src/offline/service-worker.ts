/**
 * The course's service worker, compiled into dist/sw.js by src/integrations/service-worker.ts, which fills
 * in `__OFFLINE_BUILD__` with this build's precache manifest (src/offline/precache-manifest.ts). It does two
 * things:
 *
 * 1. The course works offline after the first visit. Installing downloads every file of this build (pages,
 *    styles, scripts, the search index, the lab runtime with Monaco, TensorFlow.js and its WASM binaries, and
 *    the CIFAR-10 chunks of the CNN lab's default run) into one cache named after the build. From then on
 *    those URLs are answered from that cache, pages included: a page and everything it loads come from one
 *    build. A newer build installs beside it and waits until the learner accepts it (the page's notice,
 *    src/offline/register-service-worker.ts); only then does it take over and delete the old cache.
 * 2. Cross-origin isolation on any host. A response that arrives without the site's headers (GitHub Pages
 *    sends none) gets them here (src/offline/site-headers.ts), so pages are cross-origin isolated and the
 *    WASM backend runs on several threads.
 */
import { buildIdOfCache, precacheName } from './cache-names.ts';
import { takeOverMessage } from './messages.ts';
import { precacheKey } from './precache-key.ts';
import type { OfflineBuild, PrecacheEntry } from './precache-manifest.ts';
import { withSiteHeaders } from './site-headers.ts';

declare const __OFFLINE_BUILD__: OfflineBuild;

const build = __OFFLINE_BUILD__;
const worker = self as unknown as ServiceWorkerGlobalScope;
const cacheName = precacheName(build.buildId, build.base);
const integrityOf = new Map(build.entries.map((entry) => [entry.url, entry.integrity]));
/** Where each cache records what it holds, so that the next build can reuse the files that did not change. */
const contentsKey = `${build.base}sw-precache-contents.json`;
/** Downloads at a time while installing: enough to keep the connection busy, few enough to stay polite. */
const parallelDownloads = 4;

/** The files that an earlier build's cache holds with exactly the bytes this build needs. */
async function reusableFiles(): Promise<Map<string, Cache>> {
  const reusable = new Map<string, Cache>();
  for (const name of await caches.keys()) {
    if (name === cacheName || buildIdOfCache(name, build.base) === null) continue;
    const cache = await caches.open(name);
    const contents = await cache.match(contentsKey);
    if (!contents) continue;
    for (const entry of (await contents.json()) as PrecacheEntry[]) {
      if (integrityOf.get(entry.url) === entry.integrity) reusable.set(entry.url, cache);
    }
  }
  return reusable;
}

/**
 * A response that can answer any request for its URL: a download that followed a redirect
 * (`/a/` → `/a/index.html` on some hosts) is marked as redirected, and a browser refuses such a response
 * for a page it navigates to.
 */
async function storable(response: Response): Promise<Response> {
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

async function keep(cache: Cache, entry: PrecacheEntry, reusable: Map<string, Cache>): Promise<void> {
  if (await cache.match(entry.url)) return; // kept by an earlier install of this build that was interrupted
  const earlier = await reusable.get(entry.url)?.match(entry.url);
  if (earlier) return cache.put(entry.url, earlier);
  // Past the HTTP cache's freshness (a stale copy would fail the integrity check), and checked against the
  // build's hash: a server half-way through a deploy fails the install, which the browser retries later.
  const response = await fetch(entry.url, { cache: 'no-cache', integrity: entry.integrity });
  if (!response.ok) throw new Error(`${entry.url} could not be kept for offline use (HTTP ${response.status})`);
  await cache.put(entry.url, await storable(response));
}

async function precacheBuild(): Promise<void> {
  const cache = await caches.open(cacheName);
  const reusable = await reusableFiles();
  const queue = [...build.entries];
  const download = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) await keep(cache, entry, reusable);
  };
  await Promise.all(Array.from({ length: parallelDownloads }, download));
  await cache.put(contentsKey, Response.json(build.entries));
}

/** This build is now in charge: earlier builds' caches go, and open pages come under this worker. */
async function takeOver(): Promise<void> {
  for (const name of await caches.keys()) {
    if (name !== cacheName && buildIdOfCache(name, build.base) !== null) await caches.delete(name);
  }
  await worker.clients.claim();
}

async function respond(request: Request, url: URL): Promise<Response> {
  const key = precacheKey(url.pathname, (candidate) => integrityOf.has(candidate));
  const kept = key ? await caches.match(key, { cacheName }) : undefined;
  return withSiteHeaders(kept ?? (await fetch(request)), build.headers);
}

worker.addEventListener('install', (event) => event.waitUntil(precacheBuild()));
worker.addEventListener('activate', (event) => event.waitUntil(takeOver()));

worker.addEventListener('message', (event) => {
  // A new build waits until the learner accepts it, so that no open page mixes two builds.
  if (event.data === takeOverMessage) event.waitUntil(worker.skipWaiting());
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  // Everything the site loads is its own (the Content-Security-Policy allows nothing else) and read with GET.
  if (request.method !== 'GET' || url.origin !== worker.location.origin || !url.pathname.startsWith(build.base)) return;
  event.respondWith(respond(request, url));
});
