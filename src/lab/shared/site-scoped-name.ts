/**
 * Names for what the course keeps in the browser (localStorage keys, IndexedDB databases), scoped to the
 * copy of the course that writes them.
 *
 * Storage belongs to an origin, not to a path: two copies of the course on one origin (`/` and
 * `/gpu-course/`, say a released and a draft edition) would otherwise read and overwrite each other's
 * progress. Each copy is told apart by its base path, which the build bakes into every script (and every
 * worker) as `import.meta.env.BASE_URL`. A copy at the origin's root keeps the plain name, so progress
 * saved before names were scoped is still found there.
 */

/** "/", "/gpu-course", "gpu-course/" → "/" or "/gpu-course/": one spelling per base path. */
export function normalizeBase(base: string): string {
  const trimmed = base.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

/** The base path of this build of the site, e.g. "/" or "/gpu-course/". */
function siteBase(): string {
  return normalizeBase(import.meta.env.BASE_URL ?? '/');
}

/**
 * `name` for the copy of the course at `base`: unchanged at the root, `name@/gpu-course/` under a sub-path.
 * For example `siteScopedName('gpu-course:progress')`, `siteScopedName('course-lab-results')`.
 */
export function siteScopedName(name: string, base: string = siteBase()): string {
  const normalized = normalizeBase(base);
  return normalized === '/' ? name : `${name}@${normalized}`;
}
