/**
 * The names of the caches the course's service worker fills: one per build, scoped to the copy of the
 * course that fills it (two copies on one origin, say `/` and `/gpu-course/`, never touch each other's).
 * The lab's own data cache (src/lab/worker/data-host-browser.ts) has another name and is never deleted here.
 */
import { siteScopedName } from '../lab/index.ts';

const prefix = 'gpu-course-offline-';

/** The cache that holds build `buildId` of the copy of the course at `base`. */
export function precacheName(buildId: string, base: string): string {
  return siteScopedName(`${prefix}${buildId}`, base);
}

/** The build id of a cache that the copy of the course at `base` filled, or null for any other cache. */
export function buildIdOfCache(name: string, base: string): string | null {
  const scope = siteScopedName('', base); // '' at the root, '@/gpu-course/' under a sub-path
  if (!name.startsWith(prefix) || !name.endsWith(scope)) return null;
  const buildId = name.slice(prefix.length, name.length - scope.length);
  return /^[0-9a-f]+$/.test(buildId) ? buildId : null;
}
