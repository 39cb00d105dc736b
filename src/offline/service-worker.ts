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
 *    Every cached copy is checked against the manifest (size and SHA-256) each time it is served or reused,
 *    and answered with headers made from the build, never the ones stored with it (verify-entry.ts,
 *    verified-response.ts): a copy that something else in the origin wrote is dropped and downloaded again.
 * 2. Cross-origin isolation on any host. A response that arrives without the site's headers (GitHub Pages
 *    sends none) gets them here (src/offline/site-headers.ts), so pages are cross-origin isolated and the
 *    WASM backend runs on several threads.
 */
import { buildIdOfCache, precacheName } from './cache-names.ts';
import { takeOverMessage } from './messages.ts';
import { precacheKey } from './precache-key.ts';
import type { OfflineBuild, PrecacheEntry } from './precache-manifest.ts';
import { withSiteHeaders } from './site-headers.ts';
import { verifiedResponse, sendsIsolation, contentTypeOf } from './verified-response.ts';
import { entryMismatch } from './verify-entry.ts';

declare const __OFFLINE_BUILD__: OfflineBuild;

const build = __OFFLINE_BUILD__;
const worker = self as unknown as ServiceWorkerGlobalScope;
const cacheName = precacheName(build.buildId, build.base);
const entryOf = new Map(build.entries.map((entry) => [entry.url, entry]));
/** Where each cache records whether the host sent the isolation headers itself (see verifiedHeaders). */
const hostRecordKey = `${build.base}sw-precache-host.json`;
/** Downloads at a time while installing: enough to keep the connection busy, few enough to stay polite. */
const parallelDownloads = 4;
/**
 * Cache modes by which a request asks for a copy from the server, past every cache: the data loader's
 * second try after a damaged file (src/lab/worker/lab-data.ts) uses 'reload'. Page navigations are left out:
 * browsers reload a page with 'no-cache' as a habit, and this build's verified copy is that page.
 */
const freshModes = new Set<RequestCache>(['reload', 'no-cache', 'no-store']);

/**
 * The bytes `cache` holds for `entry` when they are exactly this build's file, or null. Every copy is
 * checked each time it is read, since anything running in the origin can overwrite Cache Storage; a copy
 * that fails is dropped, so that the next request fetches it again.
 */
async function verifiedCopy(cache: Cache, entry: PrecacheEntry): Promise<ArrayBuffer | null> {
  const stored = await cache.match(entry.url);
  if (!stored) return null;
  const bytes = await stored.arrayBuffer().catch(() => null);
  if (bytes && (await entryMismatch(bytes, entry)) === null) return bytes;
  await cache.delete(entry.url);
  return null;
}

/** What the cache keeps: the verified bytes; headers are made afresh whenever they are served. */
function stored(entry: PrecacheEntry, bytes: ArrayBuffer): Response {
  return new Response(bytes, { headers: { 'Content-Type': contentTypeOf(entry.url) } });
}

/** The caches of earlier builds of this copy of the course, whose verified copies a new build may reuse. */
async function earlierCaches(): Promise<Cache[]> {
  const names = (await caches.keys()).filter((name) => name !== cacheName && buildIdOfCache(name, build.base) !== null);
  return Promise.all(names.map((name) => caches.open(name)));
}

/** Whether the host of the build cached in `cache` sent the isolation headers itself; null when unknown. */
async function recordedHostIsolation(cache: Cache): Promise<boolean | null> {
  try {
    const record = (await (await cache.match(hostRecordKey))?.json()) as { hostIsolates?: unknown } | undefined;
    return typeof record?.hostIsolates === 'boolean' ? record.hostIsolates : null;
  } catch {
    return null; // a missing or unreadable record only changes how the device check words isolation
  }
}

let hostIsolation: Promise<boolean> | undefined;
/** Whether this build's host sends the isolation headers, read once per start of the worker. */
function hostIsolates(): Promise<boolean> {
  hostIsolation ??= caches.open(cacheName).then(async (cache) => (await recordedHostIsolation(cache)) ?? false);
  return hostIsolation;
}

/**
 * Fills this build's cache: each file from a verified copy already there (an install that was interrupted),
 * or in an earlier build's cache, or else downloaded and verified. A copy that fails the check, in any
 * cache, is never carried over, so a damaged or planted entry does not survive a deploy.
 */
async function precacheBuild(): Promise<void> {
  const cache = await caches.open(cacheName);
  const earlier = await earlierCaches();
  let hostSentIsolation: boolean | undefined;
  const keep = async (entry: PrecacheEntry): Promise<void> => {
    if (await verifiedCopy(cache, entry)) return;
    for (const other of earlier) {
      const bytes = await verifiedCopy(other, entry);
      if (bytes) return cache.put(entry.url, stored(entry, bytes));
    }
    // Past the HTTP cache's freshness (a stale copy would fail the check). A server half-way through a
    // deploy fails the install, which the browser retries later.
    const response = await fetch(entry.url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`${entry.url} could not be kept for offline use (HTTP ${response.status})`);
    const bytes = await response.arrayBuffer();
    const mismatch = await entryMismatch(bytes, entry);
    if (mismatch) throw new Error(`${mismatch}, so it could not be kept for offline use`);
    hostSentIsolation ??= sendsIsolation(response.headers);
    await cache.put(entry.url, stored(entry, bytes));
  };
  const queue = [...build.entries];
  const download = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) await keep(entry);
  };
  await Promise.all(Array.from({ length: parallelDownloads }, download));
  if (hostSentIsolation === undefined) {
    // Everything was reused: the same host as the earlier build's, as far as anything tells.
    for (const other of earlier) hostSentIsolation ??= (await recordedHostIsolation(other)) ?? undefined;
  }
  await cache.put(hostRecordKey, Response.json({ hostIsolates: hostSentIsolation ?? false }));
}

/** This build is now in charge: earlier builds' caches go, and open pages come under this worker. */
async function takeOver(): Promise<void> {
  for (const name of await caches.keys()) {
    if (name !== cacheName && buildIdOfCache(name, build.base) !== null) await caches.delete(name);
  }
  await worker.clients.claim();
}

async function answer(entry: PrecacheEntry, bytes: ArrayBuffer): Promise<Response> {
  return verifiedResponse(entry.url, bytes, build.headers, await hostIsolates());
}

/**
 * Answers a request for a file of this build: with the cached copy once it is verified; otherwise (missing,
 * damaged, or a fresh copy asked for) with a download that is verified and then replaces the cached copy.
 * A download that is not this build's file (a deploy under way) is passed on as the host sent it, and not
 * kept. Other requests go to the host, with the site's headers added.
 */
async function respond(request: Request, url: URL): Promise<Response> {
  const key = precacheKey(url.pathname, (candidate) => entryOf.has(candidate));
  const entry = key === undefined ? undefined : entryOf.get(key);
  if (!entry) return withSiteHeaders(await fetch(request), build.headers);
  const cache = await caches.open(cacheName);
  const fresh = request.mode !== 'navigate' && freshModes.has(request.cache);
  if (!fresh) {
    const bytes = await verifiedCopy(cache, entry);
    if (bytes) return answer(entry, bytes);
  }
  let response: Response;
  try {
    response = await fetch(entry.url, { cache: fresh ? request.cache : 'no-cache' });
  } catch (error) {
    // Offline: this build's verified copy is the very file a fresh download would have brought.
    const bytes = fresh ? await verifiedCopy(cache, entry) : null;
    if (bytes) return answer(entry, bytes);
    throw error;
  }
  const bytes = response.ok ? await response.clone().arrayBuffer() : null;
  if (bytes && (await entryMismatch(bytes, entry)) === null) {
    await cache.put(entry.url, stored(entry, bytes));
    return answer(entry, bytes);
  }
  const kept = fresh ? await verifiedCopy(cache, entry) : null;
  return kept ? answer(entry, kept) : withSiteHeaders(response, build.headers);
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
