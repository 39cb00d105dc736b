/**
 * The service worker of a build made with COURSE_OFFLINE=off (see README.md, "Offline use"): pages of such
 * a build register no service worker, but browsers that visited an earlier build still run its worker,
 * and check dist/sw.js for a newer one whenever they open a page. This is what they find: it takes over at
 * once, deletes the offline copy of this copy of the course, unregisters itself and reloads the open pages,
 * which then come straight from the server.
 */
import { buildIdOfCache } from './cache-names.ts';

declare const __OFFLINE_BASE__: string;

const worker = self as unknown as ServiceWorkerGlobalScope;

async function removeOfflineCopy(): Promise<void> {
  for (const name of await caches.keys()) {
    if (buildIdOfCache(name, __OFFLINE_BASE__) !== null) await caches.delete(name);
  }
  await worker.registration.unregister();
  const pages = await worker.clients.matchAll({ type: 'window' });
  await Promise.all(pages.map((page) => page.navigate(page.url).catch(() => null)));
}

worker.addEventListener('install', (event) => event.waitUntil(worker.skipWaiting()));
worker.addEventListener('activate', (event) => event.waitUntil(removeOfflineCopy()));
